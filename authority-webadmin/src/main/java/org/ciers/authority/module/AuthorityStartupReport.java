package org.ciers.authority.module;

import java.io.FileNotFoundException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.apache.james.utils.UserDefinedStartable;
import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.analytics.AnalyticsRoutes;
import org.ciers.authority.federation.PeerRoutes;
import org.ciers.authority.operator.OperatorRoutes;
import org.ciers.authority.portal.PortalRoutes;
import org.ciers.authority.transmission.CiersProtocolRoutes;
import org.ciers.protocol.settings.StartupReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authority's start-up summary ({@code extensions.properties} {@code guice.extension.startable}):
 * its name, store and routes, and WebAdmin's security. A route class missing from
 * {@code extensions.routes} is named at ERROR: without it the authority looks healthy and answers
 * 404 on its paths.
 */
public class AuthorityStartupReport implements UserDefinedStartable {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuthorityStartupReport.class);
    static final String ROLE = "CIERS authority";
    /** Each route class with what answers 404 without it, in the order they are reported. */
    static final Map<String, String> ROUTES = new LinkedHashMap<>();

    static {
        ROUTES.put(CiersProtocolRoutes.class.getName(), "the protocol, /ciers/v1/* (every mail server's requests)");
        ROUTES.put(OperatorRoutes.class.getName(), "the operator's routes, /ciers/operator/*");
        ROUTES.put(PortalRoutes.class.getName(), "the organizations' portal, /ciers/portal");
        ROUTES.put(PeerRoutes.class.getName(), "the peer routes, /ciers/peer/v1/* (peer authorities' requests)");
        ROUTES.put(AnalyticsRoutes.class.getName(), "the operator's analytics, /ciers/operator/analytics/*");
    }

    /** What the report reads from webadmin.properties. */
    record WebAdmin(boolean enabled, List<String> routes, boolean https, boolean authenticated) {
    }

    private final AuthorityConfiguration configuration;
    private final PropertiesProvider properties;

    @Inject
    public AuthorityStartupReport(AuthorityConfiguration configuration, PropertiesProvider properties) {
        this.configuration = configuration;
        this.properties = properties;
    }

    @Override
    public void start() {
        try {
            report(webAdmin(), configuration).log(LOGGER);
        } catch (ConfigurationException | RuntimeException e) {
            LOGGER.error("{}: the start-up summary could not read webadmin.properties: {}", ROLE, e.toString());
        }
    }

    private WebAdmin webAdmin() throws ConfigurationException {
        try {
            Configuration webAdmin = properties.getConfiguration("webadmin");
            List<String> routes = StartupReport.commaList(webAdmin.getList(String.class, "extensions.routes", List.of()));
            return new WebAdmin(webAdmin.getBoolean("enabled", false), routes, webAdmin.getBoolean("https.enabled", false),
                webAdmin.getBoolean("jwt.enabled", false) || webAdmin.containsKey("password"));
        } catch (FileNotFoundException missing) {
            return new WebAdmin(false, List.of(), false, false);
        }
    }

    /** 1h, 30d, 90s: as the settings are written. */
    private static String readable(Duration duration) {
        if (duration.toSeconds() % 86_400 == 0) {
            return duration.toDays() + "d";
        }
        if (duration.toSeconds() % 3_600 == 0) {
            return duration.toHours() + "h";
        }
        return duration.toSeconds() + "s";
    }

    static StartupReport report(WebAdmin webAdmin, AuthorityConfiguration configuration) {
        StartupReport report = new StartupReport(ROLE)
            .active("name " + configuration.name().asString())
            .active("store " + configuration.store())
            .active("message IDs valid " + readable(configuration.transmissionExpiry()) + ", kept "
                + readable(configuration.transmissionRetention()));
        if (!webAdmin.enabled()) {
            report.problem("webadmin.properties enabled is not true: every CIERS route is a WebAdmin route, none answers");
            return report;
        }
        List<String> listed = ROUTES.keySet().stream().filter(webAdmin.routes()::contains).toList();
        if (!listed.isEmpty()) {
            report.active("routes " + String.join(", ", listed.stream().map(route -> route.substring(route.lastIndexOf('.') + 1)).toList()));
        }
        ROUTES.entrySet().stream()
            .filter(route -> !webAdmin.routes().contains(route.getKey()))
            .forEach(route -> report.problem("webadmin.properties extensions.routes lacks " + route.getKey() + ": "
                + route.getValue() + " answer 404 (docs/install.md)"));
        report.active("WebAdmin " + (webAdmin.https() ? "HTTPS" : "plain HTTP") + ", " + (webAdmin.authenticated()
            ? "operator routes authenticated" : "operator routes open"));
        if (!webAdmin.https()) {
            report.warning("WebAdmin serves plain HTTP (webadmin.properties https.enabled): mail servers send their passphrases "
                + "here; they refuse an http:// authority that is not on a loopback address");
        }
        if (!webAdmin.authenticated()) {
            report.warning("WebAdmin has no authentication (webadmin.properties jwt.enabled): anyone reaching the port is the "
                + "operator, /ciers/operator/* included");
        }
        return report;
    }
}
