package org.ciers.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ciers.demo.CiersExchange.initiateSend;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.ClientResponseRequest;
import org.ciers.protocol.message.TrustValueRequest;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.Verdict;
import org.ciers.protocol.xml.CiersXml;
import org.ciers.protocol.xml.HostileDocuments;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The receiving side with real parts: a real authority process, b.example's James process with
 * james-conf/mta, a real SMTP client doing real STARTTLS, mail read back over IMAP. b.example
 * validates online here ({@code rmta.validation=online}: every ID asked to the authority with
 * {@code trust_value}), the path a server takes for IDs it cannot check itself; offline validation
 * of signed IDs is {@link OfflineValidationIT}'s.
 */
class ReceivingServerIT {
    static final Duration AUTHORITY_TIMEOUT = Duration.ofSeconds(2);
    // short enough to see a message ID expire in a test, long enough for every other test to use its IDs
    static final Duration MESSAGE_ID_EXPIRY = Duration.ofSeconds(8);
    static final String ACCEPTED = "250 <CIERS response_type=\"initiate_send\"><request_accepted/></CIERS>";
    static final String DENIED = "550 5.7.1 <CIERS response_type=\"initiate_send\"><request_denied/></CIERS>";
    static final AtomicInteger USERS = new AtomicInteger();

    static JamesProcess authority;
    static FaultyLink link;
    static MailServer b;
    static AuthorityAdmin.Accredited a;
    static AuthorityAdmin.Accredited bCredentials;
    static AuthorityAdmin.Accredited lowTrust;
    static AuthorityClient client;

    @BeforeAll
    static void start() throws Exception {
        DemoLayout layout = DemoLayout.fromSystemProperties();
        authority = JamesProcess.startAuthority("authority", layout,
            Map.of("authority.transmission.expiry", MESSAGE_ID_EXPIRY.toSeconds() + "s"));
        AuthorityAdmin admin = new AuthorityAdmin(authority.webAdmin());
        String organization = admin.registerOrganization("Example", "postmaster@example.com");
        a = admin.accredit(organization, "a.example", List.of("mx.a.example"));
        bCredentials = admin.accredit(organization, "b.example", List.of("mx.b.example"));
        lowTrust = admin.accredit(organization, "low.example", List.of("mx.low.example"));
        link = new FaultyLink(authority.webAdmin().getPort());
        b = MailServer.builder(layout, DemoCertificates.createAuthority("test CA"), "b.example")
            .authority(URI.create("http://127.0.0.1:" + link.port()), bCredentials.serverId(), bCredentials.passphrase())
            .setting("mta.authority.timeout", AUTHORITY_TIMEOUT.toMillis() + "ms")
            .setting("rmta.validation", "online")
            .user("bob")
            .start();
        client = new AuthorityClient(new AuthorityClient.Settings(authority.webAdmin(), Duration.ofSeconds(10), Optional.empty()),
            new CiersXml());
    }

    @AfterAll
    static void stop() throws Exception {
        if (b != null) {
            b.close();
        }
        if (link != null) {
            link.close();
        }
        if (authority != null) {
            authority.close();
        }
    }

    @AfterEach
    void restoreLink() {
        link.mode(FaultyLink.Mode.PASS);
    }

    static String newRecipient() throws Exception {
        String user = "user" + USERS.incrementAndGet() + "@b.example";
        b.admin().addUser(user, MailServer.PASSWORD);
        return user;
    }

    static MessageId authorised(AuthorityAdmin.Accredited sender) {
        AuthToSendResponse response = client.authToSend(new AuthToSendRequest(sender.serverId(), sender.passphrase(),
            bCredentials.domain()));
        return ((AuthToSendResponse.Granted) response).messageId();
    }

    static SmtpSession tlsSession() throws Exception {
        return CiersExchange.tlsSession(b.smtpPort());
    }

    static String message(String recipient, String subject) {
        return "From: alice@a.example\nTo: " + recipient + "\nSubject: " + subject + "\n"
            + "X-CIERS-TrustValue: 20\nX-Ciers-ServerID: FORGEDFORGEDFORGED00\nx-ciers-messageid: forged\n\nHello from a.example.\n";
    }

    static String readDelivered(String recipient) throws Exception {
        try (TestIMAPClient imap = new TestIMAPClient()) {
            imap.connect("127.0.0.1", b.imapPort()).login(recipient, MailServer.PASSWORD).select(TestIMAPClient.INBOX)
                .awaitMessageCount(Awaitility.await().atMost(30, TimeUnit.SECONDS), 1);
            return imap.readFirstMessage();
        }
    }

    static List<String> headers(String message, String name) {
        return message.lines().filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1)).toList();
    }

    @Test
    void ciersIsOfferedOnlyAfterStartTls() throws Exception {
        try (SmtpSession smtp = SmtpSession.connect(b.smtpPort())) {
            assertThat(smtp.command("EHLO mx.a.example")).contains("STARTTLS").doesNotContain("CIERS");
            assertThat(smtp.command("CIERS")).isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
            smtp.startTls();
            assertThat(smtp.command("EHLO mx.a.example")).contains("CIERS");
        }
    }

    @Test
    void aValidMessageIdIsAcceptedAndStampedOnceDespiteForgedHeaders() throws Exception {
        String recipient = newRecipient();
        MessageId messageId = authorised(a);
        try (SmtpSession smtp = tlsSession()) {
            assertThat(smtp.command("CIERS")).isEqualTo("220 Ready to start CIERS");
            assertThat(smtp.command(initiateSend(a, messageId))).isEqualTo(ACCEPTED);
            assertThat(smtp.command("MAIL FROM:<alice@a.example>")).startsWith("250");
            assertThat(smtp.command("RCPT TO:<" + recipient + ">")).startsWith("250");
            assertThat(smtp.data(message(recipient, "stamped"))).startsWith("250");
        }

        String delivered = readDelivered(recipient);
        assertThat(headers(delivered, "X-CIERS-ServerID")).containsExactly("X-CIERS-ServerID: " + a.serverId());
        assertThat(headers(delivered, "X-CIERS-MessageID")).containsExactly("X-CIERS-MessageID: " + messageId);
        assertThat(headers(delivered, "X-CIERS-TrustValue")).containsExactly("X-CIERS-TrustValue: 20");
        assertThat(headers(delivered, "X-CIERS-ReportToken")).isEmpty();
    }

    @Test
    void aStrangersThousandWrongPassphrasesForThisServersIdNeverStopItsValidations() throws Exception {
        // server IDs are public (every stamp names one); the stranger speaks from 127.0.0.2, b.example from 127.0.0.1
        String wrong = "<CIERS request_type=\"trust_value\"><server_id>" + bCredentials.serverId() + "</server_id>"
            + "<passphrase>wrongwrongwrongwrong</passphrase><sender_server_id>" + a.serverId() + "</sender_server_id>"
            + "<message_id>" + authorised(a) + "</message_id></CIERS>";
        int limited = 0;
        for (int i = 0; i < 1000; i++) {
            int status = statusFrom("127.0.0.2", wrong);
            assertThat(status).isIn(200, 429);
            limited += status == 429 ? 1 : 0;
        }
        assertThat(limited).as("the stranger is limited, at its own address").isGreaterThan(980);

        MessageId messageId = authorised(a);
        try (SmtpSession smtp = tlsSession()) {
            assertThat(smtp.command("CIERS")).isEqualTo("220 Ready to start CIERS");
            // validated online by the authority with b.example's passphrase: no 429 there, no 454 here
            assertThat(smtp.command(initiateSend(a, messageId))).isEqualTo(ACCEPTED);
        }
    }

    /** A trust_value posted to the authority from a socket bound to {@code peer}: another client on loopback. */
    static int statusFrom(String peer, String body) throws Exception {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(peer, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", authority.webAdmin().getPort()), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /ciers/v1/trust_value HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\n"
                + "Content-Length: " + content.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(content);
            socket.getOutputStream().flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    @Test
    void forgedReplayedOtherSendersAndOtherDomainsMessageIdsAreDeniedAndPlainMailStaysUnstamped() throws Exception {
        String recipient = newRecipient();
        MessageId used = authorised(a);
        client.trustValue(new TrustValueRequest(bCredentials.serverId(), bCredentials.passphrase(), a.serverId(), used));
        MessageId anotherSenders = authorised(lowTrust);
        MessageId forAnotherDomain = ((AuthToSendResponse.Granted) client.authToSend(
            new AuthToSendRequest(a.serverId(), a.passphrase(), lowTrust.domain()))).messageId();
        List<String> deniedLines = List.of(
            initiateSend(a, MessageId.of("ciers.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")),
            initiateSend(a, used),
            initiateSend(a, anotherSenders),
            initiateSend(a, forAnotherDomain));

        for (String line : deniedLines) {
            try (SmtpSession smtp = tlsSession()) {
                assertThat(smtp.command("CIERS")).startsWith("220");
                assertThat(smtp.command(line)).isEqualTo(DENIED);
                // rmta.policy=prefer: the transaction goes on without CIERS
                assertThat(smtp.command("MAIL FROM:<alice@a.example>")).startsWith("250");
            }
        }
        try (SmtpSession smtp = tlsSession()) {
            smtp.command("MAIL FROM:<alice@a.example>");
            smtp.command("RCPT TO:<" + recipient + ">");
            assertThat(smtp.data(message(recipient, "plain"))).startsWith("250");
        }
        assertThat(readDelivered(recipient).toUpperCase()).doesNotContain("X-CIERS-");
    }

    @Test
    void anExpiredMessageIdIsDenied() throws Exception {
        MessageId messageId = authorised(a);
        Instant expired = Instant.now().plus(MESSAGE_ID_EXPIRY);
        Awaitility.await().atMost(MESSAGE_ID_EXPIRY.multipliedBy(2)).until(() -> Instant.now().isAfter(expired));
        try (SmtpSession smtp = tlsSession()) {
            assertThat(smtp.command("CIERS")).startsWith("220");
            assertThat(smtp.command(initiateSend(a, messageId))).isEqualTo(DENIED);
            assertThat(smtp.command("MAIL FROM:<alice@a.example>")).startsWith("250");
        }
    }

    @Test
    void sequenceErrorsHaveTheirReplies() throws Exception {
        try (SmtpSession smtp = tlsSession()) {
            smtp.command("MAIL FROM:<alice@a.example>");
            assertThat(smtp.command("CIERS")).isEqualTo("503 5.5.1 Bad sequence of commands");
            smtp.command("RSET");
            assertThat(smtp.command("CIERS now")).isEqualTo("501 Syntax error");
            assertThat(smtp.command("CIERS")).startsWith("220");
            assertThat(smtp.command(initiateSend(a, authorised(a)))).isEqualTo(ACCEPTED);
            assertThat(smtp.command("CIERS")).isEqualTo("503 5.5.1 Bad sequence of commands");
        }
    }

    @Test
    void anAuthorityThatHangsGives454WithinTheTimeout() throws Exception {
        MessageId messageId = authorised(a);
        link.mode(FaultyLink.Mode.SILENT);
        try (SmtpSession smtp = tlsSession()) {
            assertThat(smtp.command("CIERS")).startsWith("220");
            Instant sent = Instant.now();
            assertThat(smtp.command(initiateSend(a, messageId))).isEqualTo("454 CIERS not available due to a temporary reason");
            assertThat(Duration.between(sent, Instant.now())).isLessThan(AUTHORITY_TIMEOUT.multipliedBy(3));
        }
        link.mode(FaultyLink.Mode.PASS);
        // nothing was used up: the same message ID is accepted once the authority answers again
        try (SmtpSession smtp = tlsSession()) {
            smtp.command("CIERS");
            assertThat(smtp.command(initiateSend(a, messageId))).isEqualTo(ACCEPTED);
        }
    }

    @Test
    void manySessionsWaitingOnAHangingAuthorityLeaveNoSmtpThreadBlocked() throws Exception {
        int sessions = 8;
        List<MessageId> messageIds = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            messageIds.add(authorised(a));
        }
        link.mode(FaultyLink.Mode.SILENT);
        ExecutorService clients = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<String>> replies = new ArrayList<>();
            for (MessageId messageId : messageIds) {
                replies.add(clients.submit(() -> {
                    try (SmtpSession smtp = tlsSession()) {
                        smtp.command("CIERS");
                        return smtp.command(initiateSend(a, messageId));
                    }
                }));
            }
            for (Future<String> reply : replies) {
                assertThat(reply.get(AUTHORITY_TIMEOUT.multipliedBy(6).toMillis(), TimeUnit.MILLISECONDS))
                    .isEqualTo("454 CIERS not available due to a temporary reason");
            }
        } finally {
            clients.shutdownNow();
        }
        // every answer is out: no thread of the RMTA may still be waiting on the authority
        Awaitility.await().atMost(AUTHORITY_TIMEOUT.multipliedBy(3)).untilAsserted(() ->
            assertThat(threadDump(b.james().pid())).doesNotContain("org.ciers.smtp.rmta.CiersCmdHandler"));
        link.mode(FaultyLink.Mode.PASS);
        try (SmtpSession smtp = tlsSession()) {
            smtp.command("CIERS");
            assertThat(smtp.command(initiateSend(a, messageIds.get(0)))).isEqualTo(ACCEPTED);
        }
    }

    private static String threadDump(long pid) throws Exception {
        Process jstack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            String.valueOf(pid), "Thread.print").redirectErrorStream(true).start();
        String dump = new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jstack.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(dump).contains("Full thread dump");
        return dump;
    }

    @Test
    void anAuthorityThatIsDownGives454() throws Exception {
        MessageId messageId = authorised(a);
        link.mode(FaultyLink.Mode.REFUSE);
        try (SmtpSession smtp = tlsSession()) {
            smtp.command("CIERS");
            assertThat(smtp.command(initiateSend(a, messageId))).isEqualTo("454 CIERS not available due to a temporary reason");
            assertThat(smtp.command("NOOP")).startsWith("250");
        }
    }

    @Test
    void aSenderBelowTheTrustThresholdIsRefused() throws Exception {
        // four validated messages of low.example, four standing reports by b.example
        for (int i = 0; i < 4; i++) {
            MessageId messageId = authorised(lowTrust);
            client.trustValue(new TrustValueRequest(bCredentials.serverId(), bCredentials.passphrase(), lowTrust.serverId(), messageId));
            client.clientResponse(ClientResponseRequest.byServer(lowTrust.serverId(), messageId, Verdict.SPAM,
                bCredentials.serverId(), bCredentials.passphrase()));
        }
        // the fifth makes 5 sent, 4 standing: 20 - 20*4/5 = 4, below the sample threshold of 5
        try (SmtpSession smtp = tlsSession()) {
            smtp.command("CIERS");
            assertThat(smtp.command(initiateSend(lowTrust, authorised(lowTrust)))).isEqualTo(ACCEPTED);
            assertThat(smtp.command("MAIL FROM:<spammer@low.example>"))
                .isEqualTo("550 5.7.1 CIERS trust value 4 of low.example is below this server's threshold 5");
        }
    }

    @Test
    void tenThousandHostileLinesAfterCiersGetDefinedRepliesThenANormalDeliveryIsStamped() throws Exception {
        Random random = new Random(20261123);
        Map<String, Integer> replies = new TreeMap<>();
        try (SmtpSession smtp = tlsSession()) {
            for (int i = 0; i < 10_000; i++) {
                assertThat(smtp.command("CIERS")).as("line %d", i).startsWith("220");
                smtp.sendRaw(HostileDocuments.nextLine(random, i));
                smtp.sendRaw("\r\n".getBytes(StandardCharsets.US_ASCII));
                String reply = smtp.reply();
                // 501 for what is not an initiate_send line, 500 for a line beyond James's limit,
                // 550 for an initiate_send the authority never issued
                assertThat(reply).as("line %d", i).matches("(?s)(500|501|550) .*");
                replies.merge(reply.substring(0, 3), 1, Integer::sum);
                if (reply.startsWith("550")) {
                    // a denied CIERS ends the transaction's chance of another: a new one starts after RSET
                    assertThat(smtp.command("RSET")).startsWith("250");
                }
            }
            assertThat(replies.get("550")).isGreaterThan(500);
            String recipient = newRecipient();
            assertThat(smtp.command("CIERS")).startsWith("220");
            assertThat(smtp.command(initiateSend(a, authorised(a)))).isEqualTo(ACCEPTED);
            smtp.command("MAIL FROM:<alice@a.example>");
            smtp.command("RCPT TO:<" + recipient + ">");
            assertThat(smtp.data(message(recipient, "after the junk"))).startsWith("250");
            assertThat(headers(readDelivered(recipient), "X-CIERS-ServerID")).containsExactly("X-CIERS-ServerID: " + a.serverId());
        }
    }
}
