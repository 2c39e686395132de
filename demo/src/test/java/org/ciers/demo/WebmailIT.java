package org.ciers.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.ciers.protocol.model.DomainName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The reader's side in a real webmail: Debian's Roundcube with the project's add-in
 * ({@code webmail/ciers_trust}), driven in headless Chromium as bob, against the demo's servers
 * over IMAP, SMTP and ManageSieve with STARTTLS. b.example validates online here, so that each
 * stamp carries a.example's trust of that moment (a signed ID carries the trust of its issue).
 */
class WebmailIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final DomainName A = DomainName.of(DemoCluster.A_DOMAIN);
    static final String MX = "mx." + DemoCluster.B_DOMAIN;
    /** Debian's Python, which has python3-sievelib (scripts/ensure-webmail), whatever python3 comes first on the path. */
    static final String SYSTEM_PYTHON = "/usr/bin/python3";

    static DemoCluster cluster;
    static MailClient mail;
    static Roundcube roundcube;
    static Chromium chromium;
    static Path work;
    static Path caPem;

    @BeforeAll
    static void start() throws Exception {
        DemoLayout layout = DemoLayout.fromSystemProperties();
        work = Path.of(System.getProperty("ciers.build.dir", "target")).resolve("webmail");
        Files.createDirectories(work);
        cluster = DemoCluster.start(layout, Map.of("mta.authority.timeout", "2s", "rmta.report.retry.delay", "1s",
            "rmta.validation", "online"));
        mail = cluster.mailClient();
        caPem = work.resolve("demo-ca.pem");
        cluster.writeCaRoot(caPem);
        roundcube = Roundcube.start(work.resolve("roundcube"), layout.projectDirectory(), cluster.b(), caPem, MX);
        chromium = Chromium.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (roundcube != null) {
            roundcube.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void bobSeesTheTrustReportsRefutesAndFilesMailBelowHisThresholdThroughSieve() throws Exception {
        mail.submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, DemoCluster.BOB, "CIERS demo", "Hello Bob.");
        mail.awaitMessages(cluster.b().imapPort(), DemoCluster.BOB, MailServer.PASSWORD, "INBOX", 1, WAIT);

        chromium.open(roundcube.url().toString());
        chromium.type("#rcmloginuser", DemoCluster.BOB);
        chromium.type("#rcmloginpwd", MailServer.PASSWORD);
        chromium.click("#rcmloginsubmit");
        assertThat(awaitText("#messagelist tbody tr .ciers-badge", "Trust 20")).isEqualTo("Trust 20");
        chromium.screenshot(work.resolve("screenshots/1-inbox-trust-20.png"));

        // Report spam: the message moves into Spam, b.example reports it, a.example's trust falls (1 of 1 standing: 0)
        show("INBOX", 1);
        assertThat(awaitText("#ciers-message-badge", "Trust 20")).isEqualTo("Trust 20");
        chromium.screenshot(work.resolve("screenshots/2-message-trust-20.png"));
        chromium.click("a.ciers-reportspam:not(.disabled)");
        JsonNode reported = awaitDomain(domain -> domain.path("counters").path("standingReports").asLong() == 1);
        assertThat(reported.path("trustValue").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(mail.read(cluster.b().imapPort(), DemoCluster.BOB, MailServer.PASSWORD, "Spam")).hasSize(1);

        // Not spam, from the Spam folder: back to the inbox, the report refuted (20 − 5·1/1 = 15)
        show("Spam", 1);
        chromium.click("a.ciers-notspam:not(.disabled)");
        JsonNode refuted = awaitDomain(domain -> domain.path("counters").path("refutedReports").asLong() == 1);
        assertThat(refuted.path("counters").path("standingReports").asLong()).isZero();
        assertThat(refuted.path("trustValue").decimalValue()).isEqualByComparingTo(new BigDecimal("15"));
        Awaitility.await().atMost(WAIT).until(() -> mail.read(cluster.b().imapPort(), DemoCluster.BOB, MailServer.PASSWORD, "INBOX").size() == 1);

        // bob's own threshold: 15, written by the add-in as a Sieve rule over ManageSieve
        chromium.open(roundcube.url() + "?_task=settings&_action=edit-prefs&_section=ciers_trust&_framed=1");
        chromium.click("#ciers_threshold option[value='15']");
        chromium.screenshot(work.resolve("screenshots/3-threshold-15.png"));
        chromium.click("button.submit");
        String rule = Awaitility.await().atMost(WAIT).ignoreExceptions().until(WebmailIT::readScripts,
            script -> script.contains("threshold: 15"));
        assertThat(rule).as(roundcube.errors())
            .contains("require [\"fileinto\"];")
            .contains("header :matches \"X-CIERS-TrustValue\" [\"0\", \"0.*\"")
            .contains("\"14\", \"14.*\"]")
            .doesNotContain("\"15\"")
            .contains("fileinto \"Spam\";");
        assertThat(rule).contains("active: ciers");

        // a.example at 10: the message reported again (1 standing) and the next one counted (1 of 2): 20 − 20·1/2
        mail.move(cluster.b().imapPort(), DemoCluster.BOB, MailServer.PASSWORD, "CIERS demo", "INBOX", "Spam");
        awaitDomain(domain -> domain.path("counters").path("standingReports").asLong() == 1
            && domain.path("counters").path("refutedReports").asLong() == 0);
        mail.submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, DemoCluster.BOB, "from a domain at 10", "Hello again.");
        List<String> filed = mail.awaitMessages(cluster.b().imapPort(), DemoCluster.BOB, MailServer.PASSWORD, "Spam", 2, WAIT);
        String next = filed.stream().filter(message -> message.contains("from a domain at 10")).findFirst().orElseThrow();
        // 10 is not below b.example's own threshold (10): only bob's rule put it in Spam
        assertThat(MailClient.header(next, "X-CIERS-TrustValue")).containsExactly("10");
        assertThat(mail.read(cluster.b().imapPort(), DemoCluster.BOB, MailServer.PASSWORD, "INBOX")).isEmpty();

        chromium.open(roundcube.url() + "?_task=mail&_mbox=Spam");
        assertThat(awaitText("#messagelist tbody tr .ciers-badge[data-trust='10']", "Trust 10")).isEqualTo("Trust 10");
        chromium.screenshot(work.resolve("screenshots/4-spam-trust-10-by-sieve.png"));
    }

    @Test
    void mailWithoutAStampSaysSo() throws Exception {
        String carol = "carol@" + DemoCluster.B_DOMAIN;
        cluster.b().admin().addUser(carol, MailServer.PASSWORD);
        // straight to b.example's SMTP, as any Internet sender without CIERS
        mail.submitRaw(cluster.b().smtpPort(), "someone@elsewhere.example", java.util.Optional.empty(), carol,
            List.of("From: someone@elsewhere.example\r\nTo: carol@b.example\r\nSubject: no stamp\r\nX-CIERS-TrustValue: 20\r\n\r\nHi.\r\n"
                .getBytes(StandardCharsets.US_ASCII)));
        mail.awaitMessages(cluster.b().imapPort(), carol, MailServer.PASSWORD, "INBOX", 1, WAIT);

        try (Chromium own = Chromium.start()) {
            own.open(roundcube.url().toString());
            own.type("#rcmloginuser", carol);
            own.type("#rcmloginpwd", MailServer.PASSWORD);
            own.click("#rcmloginsubmit");
            // the forged stamp was removed by b.example: the add-in shows no trust
            assertThat(own.awaitText("#messagelist tbody tr .ciers-badge", "not CIERS-validated")).isEqualTo("not CIERS-validated");
            own.screenshot(work.resolve("screenshots/5-not-validated.png"));
        }
    }

    private static void show(String mailbox, int uid) throws Exception {
        chromium.open(roundcube.url() + "?_task=mail&_mbox=" + mailbox + "&_uid=" + uid + "&_action=show");
    }

    private static String awaitText(String css, String expected) throws Exception {
        try {
            return chromium.awaitText(css, expected);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nRoundcube's errors:\n" + roundcube.errors(), e);
        }
    }

    private static JsonNode awaitDomain(java.util.function.Predicate<JsonNode> condition) {
        return Awaitility.await().atMost(WAIT).ignoreExceptions().until(() -> cluster.admin().domain(A), condition::test);
    }

    /**
     * Reads bob's scripts back with Debian's python3-sievelib (a ManageSieve client that is not the
     * project's). It knows STARTTLS only, which James 3.8.1's ManageSieve cannot do (the sample
     * listens with TLS from the first byte): it talks to a loopback relay that carries its session
     * over TLS, checking b.example's certificate against the demo CA, and hides the STARTTLS James
     * still advertises. (Debian's sieve-connect cannot log in to James 3.8.1 at all: it sends the
     * credentials as a literal, which James's ManageSieve does not read.)
     */
    private static String readScripts() throws Exception {
        Path reader = Path.of(WebmailIT.class.getResource("/managesieve/read_script.py").toURI());
        try (TlsRelay relay = TlsRelay.to(cluster.b().manageSievePort(), MX, cluster.clientTls(), "\"STARTTLS\"")) {
            Process client = new ProcessBuilder(SYSTEM_PYTHON, reader.toString(), "127.0.0.1", String.valueOf(relay.port()),
                DemoCluster.BOB, "ciers").redirectErrorStream(true).start();
            client.getOutputStream().write((MailServer.PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
            client.getOutputStream().close();
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!client.waitFor(30, TimeUnit.SECONDS) || client.exitValue() != 0) {
                throw new IllegalStateException("the ManageSieve client: " + output);
            }
            return output;
        }
    }
}
