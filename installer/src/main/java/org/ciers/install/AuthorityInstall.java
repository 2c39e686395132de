package org.ciers.install;

import java.io.IOException;
import java.util.List;

/**
 * An authority: its Guice module and start-up summary, its five route classes, the peers' and
 * analytics' health checks, the logger and the sample settings. The authority needs none of James's mail protocols; whether to switch them off
 * is the administrator's choice (docs/install.md).
 */
final class AuthorityInstall {
    static final String MODULE = "org.ciers.authority.module.CiersAuthorityModule";
    static final String STARTUP_REPORT = "org.ciers.authority.module.AuthorityStartupReport";
    /** The sample's authority.name: every authority that keeps it signs IDs under the same name. */
    static final String SAMPLE_NAME = "ciers";
    static final List<String> ROUTES = List.of(
        "org.ciers.authority.transmission.CiersProtocolRoutes",
        "org.ciers.authority.operator.OperatorRoutes",
        "org.ciers.authority.portal.PortalRoutes",
        "org.ciers.authority.federation.PeerRoutes",
        "org.ciers.authority.analytics.AnalyticsRoutes");
    static final List<String> HEALTH_CHECKS = List.of("org.ciers.authority.federation.PeerHealthCheck",
        "org.ciers.authority.analytics.AnalyticsHealthCheck");

    private AuthorityInstall() {
    }

    static void run(Installation installation, InstallOptions options) throws IOException {
        installation.installJars(options.jars());
        CommonSteps.extensions(installation, MODULE, STARTUP_REPORT);
        CommonSteps.healthChecks(installation, HEALTH_CHECKS);
        CommonSteps.routes(installation, ROUTES);
        CommonSteps.webAdminSecurity(installation, options, true);
        CommonSteps.logger(installation);
        CommonSteps.settings(installation, options.sample("ciers.properties"), options);
        PropertiesFile settings = PropertiesFile.read(installation.conf("ciers.properties"));
        if (settings.get("authority.name").filter(name -> !name.equals(SAMPLE_NAME)).isEmpty()) {
            installation.leftToYou("authority.name in conf/ciers.properties: the name every message ID this authority signs carries");
        }
        installation.leftToYou("the authority's address for mail servers (mta.authority.url) and, with authority.store=cassandra, "
            + "authority.ca.key and the cassandra.* settings (docs/deploy.md)");
    }
}
