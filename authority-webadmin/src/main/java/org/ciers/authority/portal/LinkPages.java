package org.ciers.authority.portal;

import java.nio.charset.StandardCharsets;

import org.ciers.authority.web.RawResponse;

import spark.Response;

/**
 * The small HTML pages a person sees after opening a link the authority mailed (email
 * confirmation, domain approval): a title, a sentence, a link to the portal. Text is escaped.
 */
final class LinkPages {
    private LinkPages() {
    }

    static Object render(Response response, int status, String title, String text) {
        String page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>CIERS: " + escape(title) + "</title>"
            + "<link rel=\"stylesheet\" href=\"" + PortalRoutes.BASE_PATH + "/portal.css\"></head><body><main><h1>" + escape(title)
            + "</h1><p>" + escape(text) + "</p><p><a href=\"" + PortalRoutes.BASE_PATH + "/" + PortalFiles.INDEX
            + "\">Go to the CIERS portal</a></p></main></body></html>";
        response.header("Content-Security-Policy", PortalFiles.CONTENT_SECURITY_POLICY);
        return RawResponse.write(response, status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
