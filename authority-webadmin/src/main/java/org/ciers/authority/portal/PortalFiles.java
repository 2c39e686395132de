package org.ciers.authority.portal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.ciers.authority.web.JsonExchange;
import org.ciers.authority.web.RawResponse;

import spark.Response;

/**
 * The authority's static pages, served from this package's resources and nothing else: the portal
 * ({@code index.html}, {@code portal.js}), the operator's analytics page ({@code operator.html},
 * {@code operator.js}: public, it holds no data and reads the operator routes with the token the
 * operator types), and what both use ({@code charts.js}, {@code portal.css}). A name not listed
 * here is a 404, and the pages load nothing from any other site.
 */
final class PortalFiles {
    static final String INDEX = "index.html";
    /** The page loads nothing from anywhere else. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'self'";
    private static final String RESOURCES = "/org/ciers/authority/portal/";
    private static final Map<String, String> FILES = Map.of(
        INDEX, "text/html; charset=utf-8",
        "portal.js", "text/javascript; charset=utf-8",
        "portal.css", "text/css; charset=utf-8",
        "operator.html", "text/html; charset=utf-8",
        "operator.js", "text/javascript; charset=utf-8",
        "charts.js", "text/javascript; charset=utf-8");

    private PortalFiles() {
    }

    static Object serve(Response response, String name) {
        String contentType = FILES.get(name);
        if (contentType == null) {
            throw JsonExchange.notFound("no page " + name);
        }
        try (InputStream in = PortalFiles.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw JsonExchange.notFound("no page " + name);
            }
            response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            response.header("X-Content-Type-Options", "nosniff");
            return RawResponse.write(response, 200, contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("the portal's own page is unreadable", e);
        }
    }
}
