package org.ciers.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installer on a copy of James 3.8.1's stock configuration, as the Maven zip has it. */
class InstallTest {
    static final Path PROJECT = Path.of(System.getProperty("ciers.project.dir", "..")).toAbsolutePath().normalize();
    static final Path STOCK = PROJECT.resolve("distribution/target/james/james-server-memory-app");

    @TempDir
    Path james;
    @TempDir
    Path jars;

    @BeforeEach
    void stockJames() throws IOException {
        Files.createDirectories(james.resolve("conf"));
        try (Stream<Path> files = Files.list(STOCK.resolve("conf"))) {
            for (Path file : files.toList()) {
                Files.copy(file, james.resolve("conf").resolve(file.getFileName()));
            }
        }
        Files.writeString(james.resolve("james-server-memory-app.jar"), "stands for James's jar");
        Files.writeString(jars.resolve("ciers-mailets-0.2.0.jar"), "a build of this project");
    }

    @Test
    void aMailServerGetsEveryPieceInItsPlace() throws Exception {
        String report = install("mta");

        String smtp = conf("smtpserver.xml");
        assertThat(smtp).containsSubsequence("<jmxName>smtpserver-global</jmxName>", "startTLS=\"true\"",
            "org.ciers.smtp.rmta.CiersCmdHandler", "org.ciers.smtp.rmta.CiersPolicyHook", "org.ciers.smtp.rmta.CiersMessageHook",
            "org.ciers.smtp.sirp.GtmlCmdHandler", "org.apache.james.smtpserver.fastfail.ValidRcptHandler",
            "<jmxName>smtpserver-TLS</jmxName>");
        // the other two servers stay as they were: only the MX gets CIERS
        assertThat(smtp.split("CiersCmdHandler", -1)).hasSize(2);
        assertThat(conf("mailetcontainer.xml")).containsSubsequence("state=\"root\"", "org.ciers.mailets.rmta.StampCiersHeaders",
            "org.ciers.mailets.report.FeedbackReports", "<feedbackAddress>abuse</feedbackAddress>", "<processor>transport</processor>", "org.ciers.mailets.rmta.TrustValueBelow=10", "class=\"LocalDelivery\"",
            "state=\"relay\"", "class=\"org.ciers.mailets.smta.CiersRemoteDelivery\"", "<ciersNotAuthorized>retry</ciersNotAuthorized>");
        assertThat(conf("mailetcontainer.xml")).doesNotContain("class=\"RemoteDelivery\"");
        assertThat(conf("listeners.xml")).contains("org.ciers.mailets.report.SpamReportListener", "org.ciers.smtp.sirp.PullListener",
            "org.apache.james.vault.DeletedMessageVaultHook");
        assertThat(conf("extensions.properties")).contains("guice.extension.module=org.ciers.smtp.module.CiersMtaModule",
            "guice.extension.startable=org.ciers.smtp.module.MtaStartupReport");
        assertThat(conf("healthcheck.properties")).contains("additional.healthchecks=org.ciers.smtp.metrics.AuthorityHealthCheck");
        assertThat(conf("webadmin.properties")).contains("extensions.routes=org.ciers.mailets.report.ReportRoutes");
        assertThat(conf("logback.xml")).contains("        <logger name=\"org.ciers\" level=\"INFO\"/>")
            .contains("        <logger name=\"org.apache.james.webadmin.mdc\" level=\"WARN\"/>");
        // only the edits differ from the file as it was: attributes in their order, the licence comment and declaration kept
        String stock = Files.readString(STOCK.resolve("conf/mailetcontainer.xml"));
        assertThat(conf("mailetcontainer.xml")).startsWith(stock.substring(0, stock.indexOf("<processors>")))
            .contains("<mailet match=\"All\" class=\"PostmasterAlias\"/>");
        assertThat(james.resolve("conf/ciers.properties")).exists();
        assertThat(james.resolve("extensions-jars/ciers-mailets-0.2.0.jar")).exists();
        assertThat(james.resolve("conf/smtpserver.xml" + Installation.BACKUP_SUFFIX)).hasSameTextualContentAs(STOCK.resolve("conf/smtpserver.xml"));
        assertThat(report).contains("Left to you", "the keystore file://conf/keystore");
    }

    @Test
    void aSecondRunChangesNoFileAndSaysSo() throws Exception {
        install("mta");
        Map<Path, String> before = contents();

        String report = install("mta");

        assertThat(report).startsWith("Nothing changed");
        assertThat(contents()).isEqualTo(before);
    }

    @Test
    void theAdministratorsOwnSettingsAreKept() throws Exception {
        Files.writeString(james.resolve("conf/webadmin.properties"), "enabled=true\nport=9000\nextensions.routes=org.example.TheirRoutes\n");
        Files.writeString(james.resolve("conf/ciers.properties"), "rmta.trust.threshold=12\n");

        install("mta", "--set", "mta.server.id=AAAAAAAAAAAAAAAAAAA1");

        assertThat(conf("webadmin.properties")).contains("port=9000",
            "extensions.routes=org.example.TheirRoutes,org.ciers.mailets.report.ReportRoutes");
        assertThat(conf("ciers.properties")).isEqualTo("rmta.trust.threshold=12\nmta.server.id=AAAAAAAAAAAAAAAAAAA1\n");
    }

    @Test
    void anOlderBuildOfOneOfTheJarsIsReplacedNotKeptBeside() throws Exception {
        Files.createDirectories(james.resolve("extensions-jars"));
        Files.writeString(james.resolve("extensions-jars/ciers-mailets-0.1.0.jar"), "an older build");
        Files.writeString(james.resolve("extensions-jars/their-extension-1.0.jar"), "the administrator's");

        install("mta");

        try (Stream<Path> installed = Files.list(james.resolve("extensions-jars"))) {
            assertThat(installed.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("ciers-mailets-0.2.0.jar",
                "their-extension-1.0.jar");
        }
    }

    @Test
    void anAuthorityGetsItsRoutesModuleAndStartUpReport() throws Exception {
        String report = install("authority");

        assertThat(conf("webadmin.properties")).contains("extensions.routes=org.ciers.authority.transmission.CiersProtocolRoutes,"
            + "org.ciers.authority.operator.OperatorRoutes,org.ciers.authority.portal.PortalRoutes,org.ciers.authority.federation.PeerRoutes,"
            + "org.ciers.authority.analytics.AnalyticsRoutes");
        assertThat(conf("healthcheck.properties")).contains("additional.healthchecks=org.ciers.authority.federation.PeerHealthCheck,"
            + "org.ciers.authority.analytics.AnalyticsHealthCheck");
        assertThat(conf("extensions.properties")).contains("guice.extension.module=org.ciers.authority.module.CiersAuthorityModule",
            "guice.extension.startable=org.ciers.authority.module.AuthorityStartupReport");
        // nothing of a mail server
        assertThat(conf("smtpserver.xml")).isEqualTo(Files.readString(STOCK.resolve("conf/smtpserver.xml")));
        assertThat(report).contains("WebAdmin authentication", "HTTPS for WebAdmin");
    }

    @Test
    void aDirectoryThatIsNoJamesIsRefusedBeforeAnythingIsWritten(@TempDir Path elsewhere) {
        assertThatThrownBy(() -> new Installation(elsewhere)).isInstanceOf(IOException.class).hasMessageContaining("not a James server");
    }

    private String install(String role, String... options) throws IOException {
        List<String> arguments = new java.util.ArrayList<>(List.of(role, james.toString(), "--jars", jars.toString()));
        arguments.addAll(List.of(options));
        InstallOptions parsed = InstallOptions.parse(arguments, PROJECT);
        Installation installation = new Installation(parsed.jamesDirectory());
        if (parsed.role() == InstallOptions.Role.MTA) {
            MtaInstall.run(installation, parsed);
        } else {
            AuthorityInstall.run(installation, parsed);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        installation.report(new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private String conf(String file) throws IOException {
        return Files.readString(james.resolve("conf").resolve(file));
    }

    private Map<Path, String> contents() throws IOException {
        Map<Path, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(james)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                contents.put(file, Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        return contents;
    }
}
