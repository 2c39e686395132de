package org.ciers.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.awaitility.Awaitility;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.ClientResponseRequest;
import org.ciers.protocol.message.TrustValueRequest;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.Msid;
import org.ciers.protocol.model.Verdict;
import org.ciers.protocol.xml.CiersXml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIRP with real servers (spec §6): b.example pulls mail from senders below its push threshold.
 * a.example (trust 18) is pulled: bob finds a stub in Pending, moves it to INBOX over IMAP, and
 * b.example fetches the message from a.example with GTML. c.example (trust 20) pushes as usual.
 */
class SirpIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final byte[] A_SECRET = "the sirp secret of a.example !!!".getBytes(StandardCharsets.US_ASCII);
    /** Short, so that a message nobody pulls expires within the test; every other test pulls within seconds. */
    static final Duration A_EXPIRY = Duration.ofSeconds(15);
    static final String ACCEPTED = "250 <CIERS response_type=\"initiate_send\"><request_accepted/></CIERS>";

    static JamesProcess authority;
    static MailServer a;
    static MailServer b;
    static MailServer c;
    static AuthorityAdmin.Accredited aCredentials;
    static AuthorityAdmin.Accredited bCredentials;
    static AuthorityAdmin.Accredited cCredentials;
    static MailClient mail;
    static AuthorityClient protocol;
    static final List<AutoCloseable> SERVERS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        DemoLayout layout = DemoLayout.fromSystemProperties();
        DemoCertificates ca = DemoCertificates.createAuthority("test CA");
        mail = new MailClient(ca.clientContext());
        authority = JamesProcess.startAuthority("authority", layout, Map.of());
        SERVERS.add(authority);
        AuthorityAdmin admin = new AuthorityAdmin(authority.webAdmin());
        String organization = admin.registerOrganization("Example", "postmaster@example.com");
        aCredentials = admin.accredit(organization, "a.example", List.of("mx.a.example"));
        bCredentials = admin.accredit(organization, "b.example", List.of("mx.b.example"));
        cCredentials = admin.accredit(organization, "c.example", List.of("mx.c.example"));
        protocol = new AuthorityClient(new AuthorityClient.Settings(authority.webAdmin(), Duration.ofSeconds(10), Optional.empty()),
            new CiersXml());

        int aPort = FreePorts.next();
        int bPort = FreePorts.next();
        List<Callable<MailServer>> starting = List.of(
            MailServer.builder(layout, ca, "b.example").authority(authority.webAdmin(), bCredentials.serverId(), bCredentials.passphrase())
                .setting("sirp.push.threshold", "19")
                // pulls go to the address that notified (a.example's 127.0.0.1), on a.example's port instead of 25
                .setting("sirp.pull.port", String.valueOf(aPort))
                .setting("sirp.pull.trust", "file://conf/" + MailServer.TRUSTED_CA)
                .user("bob").smtpPort(bPort)::start,
            MailServer.builder(layout, ca, "a.example").authority(authority.webAdmin(), aCredentials.serverId(), aCredentials.passphrase())
                .setting("sirp.secret", Base64.getEncoder().encodeToString(A_SECRET))
                .setting("sirp.expiry", A_EXPIRY.toSeconds() + "s")
                .user("alice").user("dave").smtpPort(aPort).relayTo(bPort)::start,
            MailServer.builder(layout, ca, "c.example").authority(authority.webAdmin(), cCredentials.serverId(), cCredentials.passphrase())
                .user("carol").relayTo(bPort)::start);
        List<MailServer> servers = ParallelStart.start(starting);
        SERVERS.addAll(servers);
        b = servers.get(0);
        a = servers.get(1);
        c = servers.get(2);

        // a.example's record: ten messages to b.example, one reported: trust 18, below b.example's push threshold 19
        MessageId last = null;
        for (int i = 0; i < 10; i++) {
            last = ((AuthToSendResponse.Granted) protocol.authToSend(new AuthToSendRequest(aCredentials.serverId(), aCredentials.passphrase(),
                bCredentials.domain()))).messageId();
            protocol.trustValue(new TrustValueRequest(bCredentials.serverId(), bCredentials.passphrase(), aCredentials.serverId(), last));
        }
        protocol.clientResponse(ClientResponseRequest.byServer(aCredentials.serverId(), last, Verdict.SPAM, bCredentials.serverId(),
            bCredentials.passphrase()));
        assertThat(admin.domain(aCredentials.domain()).path("trustValue").decimalValue()).isEqualByComparingTo("18");
    }

    @AfterAll
    static void stop() throws Exception {
        ParallelStart.closeAll(SERVERS);
    }

    static List<String> mailbox(String user, String name) throws Exception {
        return mail.read(b.imapPort(), user, MailServer.PASSWORD, name);
    }

    static String stub(String subject) {
        return Awaitility.await().atMost(WAIT).ignoreExceptions().until(() -> mailbox("bob@b.example", "Pending").stream()
            .filter(message -> MailClient.header(message, "Subject").contains(subject)).findFirst().orElse(null), found -> found != null);
    }

    @Test
    void aLowTrustSendersMessageWaitsAtItsSenderUntilBobMovesTheStubOutOfPending() throws Exception {
        String body = "This body stays on a.example until bob wants it.";
        mail.submit(a.smtpPort(), "alice@a.example", MailServer.PASSWORD, "bob@b.example", "pulled", body);

        String stub = stub("pulled");
        String msid = MailClient.header(stub, "X-SIRP-MSID").get(0);
        assertThat(MailClient.header(stub, "X-SIRP-Sender-Domain")).containsExactly("a.example");
        assertThat(stub).doesNotContain(body);
        assertThat(mailbox("bob@b.example", "INBOX")).noneSatisfy(message -> assertThat(message).contains(body));

        mail.move(b.imapPort(), "bob@b.example", MailServer.PASSWORD, "pulled", "Pending", "INBOX");

        String pulled = Awaitility.await().atMost(WAIT).ignoreExceptions().until(() -> mailbox("bob@b.example", "INBOX").stream()
            .filter(message -> message.contains(body)).findFirst().orElse(null), found -> found != null);
        // the pulled message is appended before its stub is deleted: the stub may be seen for a moment
        Awaitility.await().atMost(WAIT).untilAsserted(() ->
            assertThat(mailbox("bob@b.example", "INBOX")).noneSatisfy(message -> assertThat(message).contains("X-SIRP-MSID")));
        assertThat(mailbox("bob@b.example", "Pending")).noneSatisfy(message -> assertThat(message).contains(msid));
        assertThat(MailClient.header(pulled, "Subject")).containsExactly("pulled");
        // the msid, computed here from what arrived less the stamps b.example put on top, is the one the
        // stub named: the bytes are those a.example kept
        assertThat(MailClient.header(pulled, "X-CIERS-ServerID")).containsExactly(aCredentials.serverId().asString());
        String kept = pulled.replaceFirst("\\A(X-CIERS-(ServerID|MessageID|TrustValue):[^\\r\\n]*\\r\\n)+", "");
        assertThat(Msid.compute(A_SECRET, "alice@a.example", "bob@b.example", kept.getBytes(StandardCharsets.ISO_8859_1)).asString())
            .isEqualTo(msid);
    }

    @Test
    void aFullTrustSenderPushesAsBefore() throws Exception {
        mail.submit(c.smtpPort(), "carol@c.example", MailServer.PASSWORD, "bob@b.example", "pushed", "Pushed as today.");

        String pushed = Awaitility.await().atMost(WAIT).ignoreExceptions().until(() -> mailbox("bob@b.example", "INBOX").stream()
            .filter(message -> message.contains("Pushed as today.")).findFirst().orElse(null), found -> found != null);
        assertThat(MailClient.header(pushed, "X-CIERS-ServerID")).containsExactly(cCredentials.serverId().asString());
        assertThat(mailbox("bob@b.example", "Pending")).noneSatisfy(message -> assertThat(message).contains("pushed"));
    }

    @Test
    void aKnownCorrespondentPushesWhateverItsDomainsTrust() throws Exception {
        // bob wrote to dave once: his mail program filed the copy in Sent
        mail.append(b.imapPort(), "bob@b.example", MailServer.PASSWORD, "Sent",
            "From: bob@b.example\r\nTo: dave@a.example\r\nSubject: lunch?\r\n\r\nLunch tomorrow?\r\n");

        mail.submit(a.smtpPort(), "dave@a.example", MailServer.PASSWORD, "bob@b.example", "re: lunch", "Yes, at noon.");

        Awaitility.await().atMost(WAIT).ignoreExceptions().until(() -> mailbox("bob@b.example", "INBOX").stream()
            .anyMatch(message -> message.contains("Yes, at noon.")));
        assertThat(mailbox("bob@b.example", "Pending")).noneSatisfy(message -> assertThat(message).contains("re: lunch"));
    }

    @Test
    void gtmlAnswersOnlyTheRecipientDomainsProvenServer() throws Exception {
        mail.submit(a.smtpPort(), "alice@a.example", MailServer.PASSWORD, "bob@b.example", "kept for b", "For b.example only.");
        String msid = MailClient.header(stub("kept for b"), "X-SIRP-MSID").get(0);

        try (SmtpSession smtp = SmtpSession.connect(a.smtpPort())) {
            smtp.command("EHLO mx.b.example");
            smtp.startTls();
            assertThat(smtp.command("EHLO mx.b.example")).contains("GTML");
            assertThat(smtp.command("GTML " + msid)).startsWith("530");
            prove(smtp, bCredentials);
            assertThat(smtp.command("GTML AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).startsWith("550 5.7.1");
            assertThat(smtp.command("GTML not-an-msid")).startsWith("501");
        }
        try (SmtpSession smtp = SmtpSession.connect(a.smtpPort())) {
            smtp.command("EHLO mx.c.example");
            smtp.startTls();
            smtp.command("EHLO mx.c.example");
            prove(smtp, cCredentials);
            assertThat(smtp.command("GTML " + msid)).isEqualTo("550 5.7.1 No message for you under this msid");
        }
        try (SmtpSession smtp = SmtpSession.connect(a.smtpPort())) {
            smtp.command("EHLO mx.b.example");
            smtp.startTls();
            smtp.command("EHLO mx.b.example");
            prove(smtp, bCredentials);
            assertThat(smtp.command("GTML " + msid)).startsWith("250 2.0.0 " + msid);
        }
    }

    @Test
    void aFailedPullKeepsTheStubAndSaysWhy() throws Exception {
        mail.submit(a.smtpPort(), "alice@a.example", MailServer.PASSWORD, "bob@b.example", "unreachable", "Not fetched this time.");
        stub("unreachable");

        a.james().pause();
        String failed;
        try {
            mail.move(b.imapPort(), "bob@b.example", MailServer.PASSWORD, "unreachable", "Pending", "Archive");
            failed = Awaitility.await().atMost(WAIT.multipliedBy(2)).ignoreExceptions().until(() -> mailbox("bob@b.example", "Archive").stream()
                .filter(message -> MailClient.header(message, "Subject").contains("unreachable"))
                .filter(message -> !MailClient.header(message, "X-SIRP-Pull-Error").isEmpty()).findFirst().orElse(null), found -> found != null);
        } finally {
            a.james().resume();
        }
        assertThat(MailClient.header(failed, "Subject")).containsExactly("unreachable");
        assertThat(MailClient.header(failed, "X-SIRP-MSID")).hasSize(1);
        assertThat(failed).doesNotContain("Not fetched this time.");
    }

    @Test
    void aMessageNobodyPullsExpiresAndItsSenderIsTold() throws Exception {
        mail.submit(a.smtpPort(), "alice@a.example", MailServer.PASSWORD, "bob@b.example", "never wanted", "Nobody pulls this.");
        String msid = MailClient.header(stub("never wanted"), "X-SIRP-MSID").get(0);

        String notice = Awaitility.await().atMost(WAIT).ignoreExceptions().until(() -> mail.read(a.imapPort(), "alice@a.example",
                MailServer.PASSWORD, "INBOX").stream().filter(message -> message.contains("did not fetch this message"))
                .filter(message -> message.contains("never wanted")).findFirst().orElse(null),
            found -> found != null);
        // pulled messages expire silently (SirpOutboxTest shows it deterministically): no notice names one
        assertThat(mail.read(a.imapPort(), "alice@a.example", MailServer.PASSWORD, "INBOX").stream()
            .filter(message -> message.contains("did not fetch this message")))
            .noneMatch(message -> message.contains("Subject: Re: pulled") || message.contains("Subject: Re: kept for b"));
        try (SmtpSession smtp = SmtpSession.connect(a.smtpPort())) {
            smtp.command("EHLO mx.b.example");
            smtp.startTls();
            smtp.command("EHLO mx.b.example");
            prove(smtp, bCredentials);
            assertThat(smtp.command("GTML " + msid)).startsWith("550 5.7.1");
        }
    }

    @Test
    void msidComesOnlyAfterStartTlsAndAnAcceptedCiers() throws Exception {
        try (SmtpSession smtp = SmtpSession.connect(b.smtpPort())) {
            assertThat(smtp.command("EHLO mx.a.example")).doesNotContain("MSID");
            smtp.command("MAIL FROM:<alice@a.example>");
            smtp.command("RCPT TO:<bob@b.example>");
            assertThat(smtp.command("MSID AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).startsWith("530 5.7.0");
        }
        try (SmtpSession smtp = SmtpSession.connect(b.smtpPort())) {
            smtp.command("EHLO mx.a.example");
            smtp.startTls();
            assertThat(smtp.command("EHLO mx.a.example")).contains("MSID");
            smtp.command("MAIL FROM:<alice@a.example>");
            smtp.command("RCPT TO:<bob@b.example>");
            assertThat(smtp.command("MSID AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).startsWith("530 5.7.1");
        }
        assertThat(mailbox("bob@b.example", "Pending")).noneSatisfy(message -> assertThat(message).contains("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    }

    @Test
    void aNotificationsForgedSirpAndCiersHeadersAreDroppedAndThePullGoesOnlyToTheAddressThatNotified() throws Exception {
        // a listener where the forged headers point: on another loopback address, at the port pulls use
        try (ConnectionCounter elsewhere = new ConnectionCounter("127.0.0.5", a.smtpPort())) {
            String msid = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
            try (SmtpSession smtp = SmtpSession.connect(b.smtpPort())) {
                smtp.command("EHLO mx.a.example");
                smtp.startTls();
                smtp.command("EHLO mx.a.example");
                MessageId messageId = ((AuthToSendResponse.Granted) protocol.authToSend(new AuthToSendRequest(aCredentials.serverId(),
                    aCredentials.passphrase(), bCredentials.domain()))).messageId();
                assertThat(smtp.command("CIERS")).startsWith("220");
                assertThat(smtp.command("<CIERS request_type=\"initiate_send\"><server_id>" + aCredentials.serverId()
                    + "</server_id><message_id>" + messageId + "</message_id></CIERS>")).isEqualTo(ACCEPTED);
                smtp.command("MAIL FROM:<alice@a.example>");
                smtp.command("RCPT TO:<bob@b.example>");
                assertThat(smtp.command("MSID " + msid)).startsWith("354");
                assertThat(smtp.command("Subject: forged stub\r\nX-SIRP-Host: 127.0.0.5\r\nX-SIRP-Address: 127.0.0.5\r\n"
                    + "x-sirp-msid: CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC\r\nX-CIERS-TrustValue: 20\r\n\tfolded\r\nX-CIERS-ServerID: FORGEDFORGEDFORGED01\r\n.")).startsWith("250");
            }
            String stub = stub("forged stub");
            assertThat(MailClient.header(stub, "X-SIRP-Address")).containsExactly("127.0.0.1");
            assertThat(MailClient.header(stub, "X-SIRP-MSID")).containsExactly(msid);
            assertThat(MailClient.header(stub, "X-SIRP-Host")).hasSize(1).doesNotContain("127.0.0.5");
            assertThat(MailClient.header(stub, "X-CIERS-ServerID")).containsExactly(aCredentials.serverId().asString());
            // a.example's own trust (below b.example's push threshold), not the 20 it wrote
            assertThat(MailClient.header(stub, "X-CIERS-TrustValue")).hasSize(1).doesNotContain("20");
            assertThat(stub).doesNotContain("folded").doesNotContain("FORGEDFORGED");

            // a.example holds no such msid: the pull fails there, and nowhere else was asked
            mail.move(b.imapPort(), "bob@b.example", MailServer.PASSWORD, "forged stub", "Pending", "Archive");
            String failed = Awaitility.await().atMost(WAIT).ignoreExceptions().until(() -> mailbox("bob@b.example", "Archive").stream()
                .filter(message -> MailClient.header(message, "Subject").contains("forged stub"))
                .filter(message -> !MailClient.header(message, "X-SIRP-Pull-Error").isEmpty()).findFirst().orElse(null), found -> found != null);
            assertThat(MailClient.header(failed, "X-SIRP-Pull-Error").get(0)).contains("GTML");
            assertThat(elsewhere.connections()).isZero();
        }
    }

    @Test
    void aStubAUserAppendedToPendingIsNeverPulled() throws Exception {
        try (ConnectionCounter elsewhere = new ConnectionCounter("127.0.0.6", a.smtpPort())) {
            // bob (or whoever has his password) plants a stub naming any address, with a made-up seal
            mail.append(b.imapPort(), "bob@b.example", MailServer.PASSWORD, "Pending", "From: alice@a.example\r\nTo: bob@b.example\r\n"
                + "Subject: planted stub\r\nX-SIRP-MSID: DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD\r\nX-SIRP-Address: 127.0.0.6\r\n"
                + "X-SIRP-Sender-Domain: a.example\r\nX-SIRP-Seal: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n\r\nPlanted.\r\n");

            mail.move(b.imapPort(), "bob@b.example", MailServer.PASSWORD, "planted stub", "Pending", "Archive");

            String refused = Awaitility.await().atMost(WAIT).ignoreExceptions().until(() -> mailbox("bob@b.example", "Archive").stream()
                .filter(message -> MailClient.header(message, "Subject").contains("planted stub"))
                .filter(message -> !MailClient.header(message, "X-SIRP-Pull-Error").isEmpty()).findFirst().orElse(null), found -> found != null);
            assertThat(MailClient.header(refused, "X-SIRP-Pull-Error").get(0)).contains("not filed by this server");
            assertThat(elsewhere.connections()).isZero();
        }
    }

    @Test
    void aPulledMessageLosesTheHeadersItsSenderForgedAndCarriesTheStubsStamps() throws Exception {
        String body = "Pulled with forged stamps.";
        mail.submit(a.smtpPort(), "alice@a.example", MailServer.PASSWORD, "bob@b.example", "forged stamps", body,
            Map.of("X-CIERS-TrustValue", "20", "X-CIERS-ServerID", "FORGEDFORGEDFORGED01", "X-SIRP-Address", "127.0.0.5"));
        stub("forged stamps");

        mail.move(b.imapPort(), "bob@b.example", MailServer.PASSWORD, "forged stamps", "Pending", "INBOX");

        String pulled = Awaitility.await().atMost(WAIT).ignoreExceptions().until(() -> mailbox("bob@b.example", "INBOX").stream()
            .filter(message -> message.contains(body)).findFirst().orElse(null), found -> found != null);
        assertThat(MailClient.header(pulled, "X-CIERS-TrustValue")).hasSize(1).doesNotContain("20");
        assertThat(MailClient.header(pulled, "X-CIERS-ServerID")).containsExactly(aCredentials.serverId().asString());
        assertThat(MailClient.header(pulled, "X-CIERS-MessageID")).hasSize(1);
        assertThat(MailClient.header(pulled, "X-SIRP-Address")).isEmpty();
    }

    /** The pulling server proves its domain to a.example with CIERS. */
    static void prove(SmtpSession smtp, AuthorityAdmin.Accredited puller) throws Exception {
        MessageId messageId = ((AuthToSendResponse.Granted) protocol.authToSend(new AuthToSendRequest(puller.serverId(), puller.passphrase(),
            DomainName.of("a.example")))).messageId();
        assertThat(smtp.command("CIERS")).startsWith("220");
        assertThat(smtp.command("<CIERS request_type=\"initiate_send\"><server_id>" + puller.serverId() + "</server_id><message_id>"
            + messageId + "</message_id></CIERS>")).isEqualTo(ACCEPTED);
    }
}
