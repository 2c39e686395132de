package org.ciers.smtp.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.ciers.protocol.settings.CiersProperties;
import org.ciers.protocol.settings.StartupReport;
import org.ciers.smtp.metrics.AuthorityHealthCheck;
import org.ciers.smtp.mta.MtaConfiguration;
import org.ciers.smtp.rmta.RmtaFixtures;
import org.ciers.smtp.sirp.SirpConfiguration;
import org.junit.jupiter.api.Test;

class MtaStartupReportTest {
    static final MtaConfiguration CONFIGURATION = RmtaFixtures.configuration(URI.create("https://authority.example:8000"));
    static final SirpConfiguration SIRP = SirpConfiguration.from(new CiersProperties(key -> null));
    static final List<String> CIERS_HANDLERS = List.of("org.ciers.smtp.rmta.CiersCmdHandler", "org.ciers.smtp.rmta.CiersPolicyHook",
        "org.ciers.smtp.rmta.CiersMessageHook", "org.apache.james.smtpserver.CoreCmdHandlerLoader");
    static final List<String> MAILETS = List.of("PostmasterAlias", MtaStartupReport.STAMP, "ToProcessor", "LocalDelivery",
        MtaStartupReport.DELIVERY);

    static MtaStartupReport.Installed installed(MtaStartupReport.SmtpServer... servers) {
        return new MtaStartupReport.Installed(List.of(servers), MAILETS, List.of(MtaStartupReport.REPORT_LISTENER),
            List.of(MtaStartupReport.REPORT_ROUTES), List.of(AuthorityHealthCheck.class.getName()));
    }

    @Test
    void aCompleteMailServerReportsWhatIsActiveAndNoProblem() {
        StartupReport report = MtaStartupReport.report(installed(
            new MtaStartupReport.SmtpServer("smtpserver-global", "0.0.0.0:25", true, CIERS_HANDLERS),
            new MtaStartupReport.SmtpServer("smtpserver-authenticated", "0.0.0.0:587", true, List.of())), CONFIGURATION, SIRP);

        assertThat(report.problems()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(report.summary()).startsWith("CIERS mail server started: authority https://authority.example:8000")
            .contains("CIERS offered on smtpserver-global (0.0.0.0:25) after STARTTLS", "validation offline",
                "outgoing mail with CIERS", "moves to Spam reported", "SIRP push always");
    }

    @Test
    void theCiersHandlersWithoutStartTlsAreAProblemNamingTheServer() {
        StartupReport report = MtaStartupReport.report(installed(
            new MtaStartupReport.SmtpServer("smtpserver-global", "0.0.0.0:25", false, CIERS_HANDLERS)), CONFIGURATION, SIRP);

        assertThat(report.problems()).singleElement().asString()
            .startsWith("smtpserver smtpserver-global (0.0.0.0:25) has the CIERS handlers but startTLS=\"false\"");
    }

    @Test
    void stampingMissingWhereCiersIsOfferedIsAProblem() {
        MtaStartupReport.Installed withoutStamp = new MtaStartupReport.Installed(
            List.of(new MtaStartupReport.SmtpServer("smtpserver-global", "0.0.0.0:25", true, CIERS_HANDLERS)),
            List.of("ToProcessor", "LocalDelivery", "RemoteDelivery"), List.of(), List.of(), List.of());

        StartupReport report = MtaStartupReport.report(withoutStamp, CONFIGURATION, SIRP);

        assertThat(report.problems()).singleElement().asString().contains(MtaStartupReport.STAMP);
        assertThat(report.warnings()).anyMatch(warning -> warning.contains("outgoing mail is delivered without CIERS"))
            .anyMatch(warning -> warning.contains("/ciers/reports answers 404"))
            .anyMatch(warning -> warning.contains("move to Spam reports nothing"))
            .anyMatch(warning -> warning.contains("health check"));
    }

    @Test
    void theSamplesPlaceholderServerIdIsAProblem() {
        MtaConfiguration sample = RmtaFixtures.configuration(URI.create("https://authority.example:8000"),
            MtaConfiguration.SERVER_ID, "REPLACEWITHSERVERID0");

        StartupReport report = MtaStartupReport.report(installed(
            new MtaStartupReport.SmtpServer("smtpserver-global", "0.0.0.0:25", true, CIERS_HANDLERS)), sample, SIRP);

        assertThat(report.problems()).singleElement().asString().startsWith("mta.server.id is the sample's placeholder");
    }
}
