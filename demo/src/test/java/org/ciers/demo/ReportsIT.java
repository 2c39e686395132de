package org.ciers.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.ciers.protocol.model.DomainName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reports from the recipient's mailbox to the sender's account, with the demo's three servers:
 * bob moves a CIERS-stamped message into Spam over IMAP, b.example reports it, the authority
 * counts it, recomputes a.example's trust and mails a.example's contact; moving it back refutes it.
 */
class ReportsIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final DomainName A = DomainName.of(DemoCluster.A_DOMAIN);
    static final AtomicInteger USERS = new AtomicInteger();
    static final int GOOD_MAILS = 16;
    static final String FEEDBACK = "abuse@" + DemoCluster.B_DOMAIN;

    static DemoCluster cluster;
    static MailClient mail;

    @BeforeAll
    static void start() throws Exception {
        // b.example also serves JMAP, on loopback through the library the build compiles (James takes no JMAP address)
        Path loopbackBind = Path.of(System.getProperty("ciers.build.dir", "target"), "libloopbackbind.so");
        cluster = DemoCluster.start(DemoLayout.fromSystemProperties(),
            Map.of("mta.authority.timeout", "2s", "rmta.report.retry.delay", "1s"), b -> b.jmapOnLoopback(loopbackBind));
        mail = cluster.mailClient();
        // a.example's good name first: the reports below must not push its trust under b.example's
        // Spam threshold (10), or the test mails would be filed in Spam before anyone moves them
        String friend = "friend@" + DemoCluster.B_DOMAIN;
        cluster.b().admin().addUser(friend, MailServer.PASSWORD);
        for (int i = 0; i < GOOD_MAILS; i++) {
            mail.submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, friend, "good " + i, "Hello.");
        }
        mail.awaitMessages(cluster.b().imapPort(), friend, MailServer.PASSWORD, "INBOX", GOOD_MAILS, WAIT);
        // the feedback address must exist for SMTP to take reports (an administrator makes it a user or an alias)
        cluster.b().admin().addUser(FEEDBACK, MailServer.PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A fresh mailbox on b.example with one mail from alice in its INBOX; returns its message ID stamp. */
    static Delivered delivered(String subject) throws Exception {
        String user = "reader" + USERS.incrementAndGet() + "@" + DemoCluster.B_DOMAIN;
        cluster.b().admin().addUser(user, MailServer.PASSWORD);
        mail.submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, user, subject, "Hello.");
        String message = mail.awaitMessages(cluster.b().imapPort(), user, MailServer.PASSWORD, "INBOX", 1, WAIT).get(0);
        List<String> messageId = MailClient.header(message, "X-CIERS-MessageID");
        assertThat(messageId).hasSize(1);
        return new Delivered(user, subject, messageId.get(0));
    }

    record Delivered(String user, String subject, String messageId) {
        void move(String from, String to) throws Exception {
            mail.move(cluster.b().imapPort(), user, MailServer.PASSWORD, subject, from, to);
        }

        /** The message as the user's mail program has it. */
        byte[] raw() throws Exception {
            return mail.read(cluster.b().imapPort(), user, MailServer.PASSWORD, "INBOX", subject).get(0).getBytes(StandardCharsets.UTF_8);
        }

        /** An ARF feedback report on this message, built by Python's email package (not by this project). */
        byte[] feedbackReport(String feedbackType) throws Exception {
            Path script = Path.of(ReportsIT.class.getResource("/arf/feedback_report.py").toURI());
            Process python = new ProcessBuilder("python3", script.toString(), feedbackType, user, FEEDBACK).start();
            try (OutputStream in = python.getOutputStream()) {
                in.write(raw());
            }
            byte[] report = python.getInputStream().readAllBytes();
            String errors = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(python.exitValue()).as(errors).isZero();
            return report;
        }

        void sendFeedbackReports(List<byte[]> reports) throws Exception {
            mail.submitRaw(cluster.b().smtpPort(), user, Optional.of(MailServer.PASSWORD), FEEDBACK, reports);
        }
    }

    static long logLines(String text) throws Exception {
        return Files.readString(cluster.b().james().log()).lines().filter(line -> line.contains(text)).count();
    }

    record Counters(long transmissions, long standing, long refuted, BigDecimal trust) {
        /** The report counters alone: transmissions grow whenever a receipt of any delivery arrives. */
        List<Long> reports() {
            return List.of(standing, refuted);
        }

        /** Spec §5, at two decimals: 20 − 20·standing/total − 5·refuted/total. */
        BigDecimal formula() {
            BigDecimal total = BigDecimal.valueOf(transmissions);
            BigDecimal value = BigDecimal.valueOf(20)
                .subtract(BigDecimal.valueOf(20 * standing).divide(total, 10, RoundingMode.HALF_UP))
                .subtract(BigDecimal.valueOf(5 * refuted).divide(total, 10, RoundingMode.HALF_UP));
            return value.max(BigDecimal.ZERO).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
        }
    }

    static Counters counters() throws Exception {
        JsonNode domain = cluster.admin().domain(A);
        JsonNode counters = domain.path("counters");
        return new Counters(counters.path("transmissions").asLong(), counters.path("standingReports").asLong(),
            counters.path("refutedReports").asLong(), domain.path("trustValue").decimalValue());
    }

    static Counters awaitCounters(long standing, long refuted) {
        return Awaitility.await().atMost(WAIT).until(ReportsIT::counters,
            counters -> counters.standing() == standing && counters.refuted() == refuted);
    }

    static JsonNode flagged(String messageId) throws Exception {
        String organization = cluster.admin().domain(A).path("organizationId").asText();
        for (JsonNode report : cluster.admin().get("/ciers/operator/organizations/" + organization + "/reports")) {
            if (report.path("messageId").asText().equals(messageId)) {
                return report;
            }
        }
        throw new AssertionError("message_id " + messageId + " is not among the organization's flagged messages");
    }

    @Test
    void spamThenBackToInboxThenSpamAgainCountsOneReportRefutedThenStandingWithTrustPerFormula() throws Exception {
        Delivered message = delivered("report me");
        Counters before = counters();

        message.move("INBOX", "Spam");
        Counters reported = awaitCounters(before.standing() + 1, before.refuted());
        assertThat(reported.trust()).isEqualByComparingTo(reported.formula());
        assertThat(flagged(message.messageId()).path("state").asText()).isEqualTo("standing");
        assertThat(flagged(message.messageId()).path("recipientDomain").asText()).isEqualTo(DemoCluster.B_DOMAIN);

        message.move("Spam", "INBOX");
        Counters refuted = awaitCounters(before.standing(), before.refuted() + 1);
        // a refuted report still costs 5/N
        assertThat(refuted.trust()).isEqualByComparingTo(refuted.formula());
        assertThat(flagged(message.messageId()).path("state").asText()).isEqualTo("refuted");

        message.move("INBOX", "Spam");
        Counters again = awaitCounters(before.standing() + 1, before.refuted());
        assertThat(again.trust()).isEqualByComparingTo(again.formula());

        // a.example's contact was told once, over its own mail
        List<String> notices = Awaitility.await().atMost(WAIT).ignoreExceptions().until(
            () -> mail.read(cluster.a().imapPort(), DemoCluster.A_CONTACT, MailServer.PASSWORD, "INBOX").stream()
                .filter(notice -> notice.contains(message.messageId())).toList(),
            found -> !found.isEmpty());
        assertThat(notices).hasSize(1);
        assertThat(MailClient.header(notices.get(0), "Subject")).containsExactly("CIERS: a message from a.example was reported as spam");
    }

    @Test
    void aMoveToSpamOverJmapReportsTheMessageAndAMoveBackRefutesIt() throws Exception {
        Delivered message = delivered("moved over JMAP");
        Counters before = counters();
        JmapClient jmap = new JmapClient(cluster.b().jmapPort(), message.user(), MailServer.PASSWORD);

        jmap.move(message.subject(), "INBOX", "Spam");
        Counters reported = awaitCounters(before.standing() + 1, before.refuted());
        assertThat(reported.trust()).isEqualByComparingTo(reported.formula());
        assertThat(flagged(message.messageId()).path("state").asText()).isEqualTo("standing");

        jmap.move(message.subject(), "Spam", "INBOX");
        awaitCounters(before.standing(), before.refuted() + 1);
        assertThat(flagged(message.messageId()).path("state").asText()).isEqualTo("refuted");
    }

    @Test
    void bExampleWithJmapListensOnLoopbackOnly() throws Exception {
        List<InetSocketAddress> listening = ListeningSockets.of(cluster.b().james().pid());
        assertThat(listening).extracting(InetSocketAddress::getPort).contains(cluster.b().jmapPort());
        assertThat(listening).allMatch(address -> address.getAddress().isLoopbackAddress(), "a loopback address");
    }

    @Test
    void deletingASpamMessageIsNoVerdict() throws Exception {
        Delivered message = delivered("deleted spam");
        Counters before = counters();
        message.move("INBOX", "Spam");
        awaitCounters(before.standing() + 1, before.refuted());

        message.move("Spam", "Trash");
        // the listener's word that it saw this very move, so the absence below is not read too early
        Awaitility.await().atMost(WAIT).until(() -> Files.readString(cluster.b().james().log())
            .contains("CIERS: " + message.user() + " deleted message_id " + message.messageId() + " from Spam: no verdict"));
        assertThat(Files.readString(cluster.b().james().log()))
            .doesNotContain("CIERS: " + message.user() + " moved message_id " + message.messageId() + " (not_spam)");
        assertThat(flagged(message.messageId()).path("state").asText()).isEqualTo("standing");
    }

    @Test
    void aReportMadeWhileTheAuthorityHangsArrivesOnceItIsBack() throws Exception {
        Delivered message = delivered("reported during an outage");
        Counters before = counters();

        cluster.authority().pause();
        try {
            message.move("INBOX", "Spam");
            Awaitility.await().atMost(WAIT).until(() -> Files.readString(cluster.b().james().log())
                .contains("the authority did not take the report for message_id " + message.messageId()));
        } finally {
            cluster.authority().resume();
        }

        awaitCounters(before.standing() + 1, before.refuted());
        assertThat(flagged(message.messageId()).path("state").asText()).isEqualTo("standing");
    }

    @Test
    void theRecipientDomainsAdministratorMarksAReportedMessageNotSpam() throws Exception {
        Delivered message = delivered("not spam after all");
        Counters before = counters();
        message.move("INBOX", "Spam");
        awaitCounters(before.standing() + 1, before.refuted());

        String verdict = "{\"senderServerId\":\"" + cluster.aAccreditation().serverId() + "\",\"messageId\":\"" + message.messageId()
            + "\",\"verdict\":\"not_spam\"}";
        // the route is the administrator's: without WebAdmin's token, nothing
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(cluster.b().james().webAdmin() + "/ciers/reports"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(verdict))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(cluster.b().james().webAdmin() + "/ciers/reports"))
            .header("Content-Type", "application/json")
            .header(OperatorToken.HEADER, OperatorToken.bearer())
            .POST(HttpRequest.BodyPublishers.ofString("{\"senderServerId\":\"" + cluster.aAccreditation().serverId()
                + "\",\"messageId\":\"" + message.messageId() + "\",\"verdict\":\"not_spam\"}"))
            .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(202);
        awaitCounters(before.standing(), before.refuted() + 1);
        assertThat(flagged(message.messageId()).path("state").asText()).isEqualTo("refuted");

        HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(cluster.b().james().webAdmin() + "/ciers/reports"))
            .header("Content-Type", "application/json")
            .header(OperatorToken.HEADER, OperatorToken.bearer())
            .POST(HttpRequest.BodyPublishers.ofString("{\"messageId\":\"nonsense\",\"verdict\":\"maybe\"}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void anArfReportBuiltByPythonsEmailPackageReportsOnceAndItsNotSpamTwinRefutes() throws Exception {
        Delivered message = delivered("reported by feedback report");
        Counters before = counters();
        int atTheFeedbackAddress = mail.count(cluster.b().imapPort(), FEEDBACK, MailServer.PASSWORD, "INBOX");

        message.sendFeedbackReports(List.of(message.feedbackReport("abuse")));
        Counters reported = awaitCounters(before.standing() + 1, before.refuted());
        assertThat(reported.trust()).isEqualByComparingTo(reported.formula());
        assertThat(flagged(message.messageId()).path("state").asText()).isEqualTo("standing");

        // the same report again reaches the authority and changes nothing
        message.sendFeedbackReports(List.of(message.feedbackReport("abuse")));
        Awaitility.await().atMost(WAIT).until(() -> logLines("the authority accepted the spam report for message_id " + message.messageId()) == 2);
        assertThat(counters().reports()).isEqualTo(reported.reports());

        message.sendFeedbackReports(List.of(message.feedbackReport("not-spam")));
        Counters refuted = awaitCounters(before.standing(), before.refuted() + 1);
        assertThat(refuted.trust()).isEqualByComparingTo(refuted.formula());
        assertThat(flagged(message.messageId()).path("state").asText()).isEqualTo("refuted");
        // reports used are taken: none of the three reached the feedback address's own mailbox
        assertThat(mail.count(cluster.b().imapPort(), FEEDBACK, MailServer.PASSWORD, "INBOX")).isEqualTo(atTheFeedbackAddress);
    }

    /**
     * The sender of a message knows its message ID: neither it, as a stranger without AUTH, nor
     * another user of b.example who copies the reported headers, may refute the recipient's report.
     */
    @Test
    void onlyTheUserWhoHoldsTheMessageMayReportItByFeedbackReport() throws Exception {
        Delivered message = delivered("refuted by strangers?");
        byte[] notSpam = message.feedbackReport("not-spam");
        Counters before = counters();
        message.move("INBOX", "Spam");
        Counters reported = awaitCounters(before.standing() + 1, before.refuted());

        mail.submitRaw(cluster.b().smtpPort(), DemoCluster.ALICE, Optional.empty(), FEEDBACK, List.of(notSpam));
        Awaitility.await().atMost(WAIT).until(() -> logLines("from " + DemoCluster.ALICE
            + " not used as a feedback report (not sent by an authenticated user") == 1);

        Delivered other = delivered("someone else's");
        Counters withOther = counters();
        other.sendFeedbackReports(List.of(notSpam));
        Awaitility.await().atMost(WAIT).until(() -> logLines("from " + other.user() + " not used as a feedback report (message_id "
            + message.messageId() + " is on no message this server stamped") == 1);

        assertThat(counters().reports()).isEqualTo(withOther.reports()).isEqualTo(reported.reports());
        assertThat(flagged(message.messageId()).path("state").asText()).isEqualTo("standing");
    }

    @Test
    void aThousandMalformedFeedbackReportsBreakNothing() throws Exception {
        Delivered message = delivered("malformed reports");
        Counters before = counters();
        long unusedBefore = logLines("not used as a feedback report");
        int atTheFeedbackAddress = mail.count(cluster.b().imapPort(), FEEDBACK, MailServer.PASSWORD, "INBOX");
        long logBefore = Files.size(cluster.b().james().log());
        List<byte[]> malformed = MalformedFeedbackReports.from(message.feedbackReport("abuse"), message.messageId(), 1_000, 20261203L);

        message.sendFeedbackReports(malformed);
        Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> logLines("not used as a feedback report") - unusedBefore
            == malformed.size());
        // none lost: each went on to the feedback address as ordinary mail, for a person to read
        Awaitility.await().atMost(WAIT).until(() -> mail.count(cluster.b().imapPort(), FEEDBACK, MailServer.PASSWORD, "INBOX")
            == atTheFeedbackAddress + malformed.size());
        assertThat(counters().reports()).isEqualTo(before.reports());
        byte[] log = Files.readAllBytes(cluster.b().james().log());
        String logged = new String(log, (int) logBefore, log.length - (int) logBefore, StandardCharsets.UTF_8);
        assertThat(logged.lines().filter(line -> line.contains("ERROR"))).isEmpty();

        // and a good one still counts
        message.sendFeedbackReports(List.of(message.feedbackReport("abuse")));
        awaitCounters(before.standing() + 1, before.refuted());
    }
}
