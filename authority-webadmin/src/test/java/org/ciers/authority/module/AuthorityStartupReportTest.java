package org.ciers.authority.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.ciers.authority.AuthorityConfiguration;
import org.ciers.protocol.settings.CiersProperties;
import org.ciers.protocol.settings.StartupReport;
import org.junit.jupiter.api.Test;

class AuthorityStartupReportTest {
    static final AuthorityConfiguration DEFAULTS = AuthorityConfiguration.from(new CiersProperties(key -> null));
    static final List<String> EVERY_ROUTE = List.of("org.ciers.authority.transmission.CiersProtocolRoutes",
        "org.ciers.authority.operator.OperatorRoutes", "org.ciers.authority.portal.PortalRoutes", "org.ciers.authority.federation.PeerRoutes",
        "org.ciers.authority.analytics.AnalyticsRoutes");

    @Test
    void aCompleteSecureAuthorityReportsNoProblem() {
        StartupReport report = AuthorityStartupReport.report(new AuthorityStartupReport.WebAdmin(true, EVERY_ROUTE, true, true), DEFAULTS);

        assertThat(report.problems()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(report.summary()).startsWith("CIERS authority started: name ciers; store memory; message IDs valid 1h, kept 30d")
            .contains("routes CiersProtocolRoutes, OperatorRoutes, PortalRoutes, PeerRoutes, AnalyticsRoutes", "WebAdmin HTTPS, operator routes authenticated");
    }

    @Test
    void aMissingRouteClassIsNamedWithWhatAnswers404() {
        StartupReport report = AuthorityStartupReport.report(new AuthorityStartupReport.WebAdmin(true,
            List.of("org.ciers.authority.portal.PortalRoutes", "org.example.Other"), true, true), DEFAULTS);

        assertThat(report.problems()).containsExactly(
            "webadmin.properties extensions.routes lacks org.ciers.authority.transmission.CiersProtocolRoutes: the protocol, "
                + "/ciers/v1/* (every mail server's requests) answer 404 (docs/install.md)",
            "webadmin.properties extensions.routes lacks org.ciers.authority.operator.OperatorRoutes: the operator's routes, "
                + "/ciers/operator/* answer 404 (docs/install.md)",
            "webadmin.properties extensions.routes lacks org.ciers.authority.federation.PeerRoutes: the peer routes, "
                + "/ciers/peer/v1/* (peer authorities' requests) answer 404 (docs/install.md)",
            "webadmin.properties extensions.routes lacks org.ciers.authority.analytics.AnalyticsRoutes: the operator's analytics, "
                + "/ciers/operator/analytics/* answer 404 (docs/install.md)");
        assertThat(report.summary()).endsWith("4 problem(s) logged at ERROR");
    }

    @Test
    void plainHttpAndNoAuthenticationAreWarnedOf() {
        StartupReport report = AuthorityStartupReport.report(new AuthorityStartupReport.WebAdmin(true, EVERY_ROUTE, false, false), DEFAULTS);

        assertThat(report.problems()).isEmpty();
        assertThat(report.warnings()).hasSize(2).anyMatch(warning -> warning.contains("https.enabled"))
            .anyMatch(warning -> warning.contains("jwt.enabled"));
    }

    @Test
    void aDisabledWebAdminIsAProblem() {
        StartupReport report = AuthorityStartupReport.report(new AuthorityStartupReport.WebAdmin(false, EVERY_ROUTE, true, true), DEFAULTS);

        assertThat(report.problems()).singleElement().asString().contains("webadmin.properties enabled");
    }
}
