package org.ciers.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ciers.demo.CiersExchange.initiateSend;
import static org.ciers.demo.CiersExchange.tlsSession;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.TrustValueRequest;
import org.ciers.protocol.message.TrustValueResponse;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.TrustValue;
import org.ciers.protocol.signed.SignedMessageId;
import org.ciers.protocol.signed.SigningKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two authorities that peer (spec §7), four real James processes: ciers-a accredits a.example,
 * ciers-b accredits b.example. alice's mail is validated at b.example offline with ciers-a's key
 * (relayed by ciers-b), its receipt reaches ciers-a through ciers-b and is counted once; bob's
 * verdicts reach ciers-a the same way; either authority may stop without a receipt lost; what is
 * no peer's, or claims to be a peer without its signature, is refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederationIT {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final DomainName A = DomainName.of(DemoCluster.A_DOMAIN);
    static final int WHILE_B_STOPPED = 50;
    static final int WHILE_A_STOPPED = 10;
    static final SecureRandom RANDOM = new SecureRandom();

    static DemoCluster cluster;
    static MailClient mail;

    @BeforeAll
    static void start() throws Exception {
        cluster = DemoCluster.startFederation(DemoLayout.fromSystemProperties(),
            Map.of("authority.peers.timeout", "2s", "authority.peers.retry.max", "2s"),
            Map.of("mta.authority.timeout", "2s", "rmta.receipts.delay", "1s", "rmta.report.retry.delay", "1s",
                "mta.pool.size", "40", "mta.pool.refillBelow", "20"));
        mail = cluster.mailClient();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aMailFromAToBIsValidatedOfflineWithAsKeyAndItsReceiptIsCountedOnceAtAThroughB() throws Exception {
        String bob = reader();
        long before = counted();

        mail.submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, bob, "federated", "Hello across authorities.");

        String delivered = mail.awaitMessages(cluster.b().imapPort(), bob, MailServer.PASSWORD, "INBOX", 1, WAIT).get(0);
        String messageId = MailClient.header(delivered, "X-CIERS-MessageID").get(0);
        assertThat(messageId).startsWith(DemoCluster.AUTHORITY_A + ".");
        assertThat(MailClient.header(delivered, "X-CIERS-ServerID")).containsExactly(cluster.aAccreditation().serverId().asString());
        assertThat(MailClient.header(delivered, "X-CIERS-TrustValue")).hasSize(1);
        // b.example checked it itself, with ciers-a's key from ciers-b's key set: no authority was asked
        assertThat(logLines(cluster.b(), "accepted message_id " + messageId + " from server " + cluster.aAccreditation().serverId()
            + " offline")).isEqualTo(1);
        Awaitility.await().atMost(WAIT).until(() -> counted() == before + 1);
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> counted() == before + 1);
        // ciers-b keeps its own record of what it forwarded, with ciers-a's answer; ciers-b counts nothing of a.example
        JsonNode record = cluster.bAdmin().get("/ciers/operator/forwarded/" + messageId);
        assertThat(record).hasSize(1);
        assertThat(record.get(0).path("peer").asText()).isEqualTo(DemoCluster.AUTHORITY_A);
        assertThat(record.get(0).path("kind").asText()).isEqualTo("receipt");
        assertThat(record.get(0).path("outcome").asText()).isEqualTo("counted");
    }

    @Test
    @Order(2)
    void bobsSpamAndNotSpamReachAWhichMailsAsOrganizationAndScoresPerFormula() throws Exception {
        // a.example's good name first: one report must not push it under b.example's Spam threshold
        for (int i = 0; i < 3; i++) {
            deliver(reader(), "good " + i);
        }
        String bob = reader();
        String messageId = deliver(bob, "report me across");
        JsonNode before = domainAtA();
        long standing = before.path("counters").path("standingReports").asLong();
        long refuted = before.path("counters").path("refutedReports").asLong();

        mail.move(cluster.b().imapPort(), bob, MailServer.PASSWORD, "report me across", "INBOX", "Spam");

        JsonNode reported = Awaitility.await().atMost(WAIT).until(FederationIT::domainAtA,
            domain -> domain.path("counters").path("standingReports").asLong() == standing + 1);
        assertThat(reported.path("trustValue").decimalValue()).isEqualByComparingTo(formula(reported));
        List<String> notices = Awaitility.await().atMost(WAIT).ignoreExceptions().until(
            () -> mail.read(cluster.a().imapPort(), DemoCluster.A_CONTACT, MailServer.PASSWORD, "INBOX").stream()
                .filter(notice -> notice.contains(messageId)).toList(),
            found -> !found.isEmpty());
        assertThat(notices).hasSize(1);

        mail.move(cluster.b().imapPort(), bob, MailServer.PASSWORD, "report me across", "Spam", "INBOX");

        JsonNode refutedNow = Awaitility.await().atMost(WAIT).until(FederationIT::domainAtA,
            domain -> domain.path("counters").path("refutedReports").asLong() == refuted + 1
                && domain.path("counters").path("standingReports").asLong() == standing);
        assertThat(refutedNow.path("trustValue").decimalValue()).isEqualByComparingTo(formula(refutedNow));
    }

    /** ciers-b stopped (SIGSTOP) while 50 mails arrive at b.example: each is delivered, and counted once at ciers-a once ciers-b is back. */
    @Test
    @Order(3)
    void nothingIsLostWhileBIsStoppedAndEveryReceiptIsCountedOnceAfterwards() throws Exception {
        String bob = reader();
        long before = counted();

        cluster.bAuthority().pause();
        try {
            for (int i = 0; i < WHILE_B_STOPPED; i++) {
                mail.submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, bob, "b stopped " + i, "Message " + i);
            }
            List<List<String>> subjects = Awaitility.await().atMost(WAIT).ignoreExceptions().until(
                () -> mail.headerOfEach(cluster.b().imapPort(), bob, MailServer.PASSWORD, "INBOX", "Subject"),
                found -> found.size() == WHILE_B_STOPPED);
            assertThat(subjects.stream().map(values -> values.get(0)).toList())
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, WHILE_B_STOPPED).mapToObj(i -> "b stopped " + i).toList());
            assertThat(counted()).isEqualTo(before);
        } finally {
            cluster.bAuthority().resume();
        }

        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> counted() == before + WHILE_B_STOPPED);
        Awaitility.await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).until(() -> counted() == before + WHILE_B_STOPPED);
    }

    /** ciers-a stopped: b.example goes on validating its IDs offline; ciers-b keeps their receipts until ciers-a is back. */
    @Test
    @Order(4)
    void whileAIsStoppedBValidatesOfflineAndForwardingWaits() throws Exception {
        String bob = reader();
        long start = counted();
        deliver(bob, "before a stops");
        // that mail's receipt at ciers-a already, so that what waits below is the stopped run's only
        Awaitility.await().atMost(WAIT).until(() -> counted() == start + 1);
        Awaitility.await().atMost(WAIT).until(() -> cluster.a().admin().metric("ciers-smta-pool-usable") >= WHILE_A_STOPPED);
        Awaitility.await().atMost(WAIT).until(() -> pendingAtB() == 0);
        long before = counted();

        cluster.authority().pause();
        try {
            for (int i = 0; i < WHILE_A_STOPPED; i++) {
                mail.submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, bob, "a stopped " + i, "Message " + i);
            }
            Awaitility.await().atMost(WAIT).ignoreExceptions().until(
                () -> mail.headerOfEach(cluster.b().imapPort(), bob, MailServer.PASSWORD, "INBOX", "Subject").size() == WHILE_A_STOPPED + 1);
            // the receipts wait at ciers-b, which says so to its operator and in its health check
            Awaitility.await().atMost(WAIT).until(() -> pendingAtB() == WHILE_A_STOPPED);
            Awaitility.await().atMost(WAIT).until(() -> peerAtB().path("lastFailure").isTextual());
            assertThat(cluster.b().admin().health("CIERS authority")).isEqualTo("healthy");
            MailServerAdmin bAuthorityAdmin = new MailServerAdmin(cluster.bAuthority().webAdmin(), cluster.bAuthority().webAdminTrust());
            assertThat(bAuthorityAdmin.health("CIERS peers")).isEqualTo("degraded");
            assertThat(bAuthorityAdmin.metric("ciers-peer-failing")).isEqualTo(1);
            assertThat(bAuthorityAdmin.metric("ciers-peer-failures")).isPositive();
        } finally {
            cluster.authority().resume();
        }

        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> counted() == before + WHILE_A_STOPPED);
        Awaitility.await().atMost(WAIT).until(() -> pendingAtB() == 0);
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> counted() == before + WHILE_A_STOPPED);
        Awaitility.await().atMost(WAIT).until(() -> new MailServerAdmin(cluster.bAuthority().webAdmin(), cluster.bAuthority().webAdminTrust())
            .health("CIERS peers").equals("healthy"));
    }

    /** An ID signed by an authority that is no peer of ciers-b, and one forged under ciers-a's name: refused at b.example's line. */
    @Test
    @Order(5)
    void idsOfAnAuthorityThatIsNoPeerOrForgedUnderAPeersNameAreRefused() throws Exception {
        AuthorityAdmin.Accredited a = cluster.aAccreditation();
        SigningKey strangerKey = new SigningKey(1, new Ed25519PrivateKeyParameters(RANDOM));
        MessageId stranger = SignedMessageId.issue(AuthorityName.of("ciers-x"), strangerKey, a.serverId(), DomainName.of(DemoCluster.B_DOMAIN),
            Instant.now().plusSeconds(600), TrustValue.parse("20"), RANDOM).id();
        int aKeyId = keyIdOfA();
        MessageId forged = SignedMessageId.issue(AuthorityName.of(DemoCluster.AUTHORITY_A), new SigningKey(aKeyId,
                new Ed25519PrivateKeyParameters(RANDOM)), a.serverId(), DomainName.of(DemoCluster.B_DOMAIN), Instant.now().plusSeconds(600),
            TrustValue.parse("20"), RANDOM).id();
        MessageId genuine = newIdForB();

        try (SmtpSession smtp = tlsSession(cluster.b().smtpPort())) {
            for (MessageId refused : List.of(stranger, forged)) {
                assertThat(smtp.command("CIERS")).startsWith("220");
                assertThat(smtp.command(initiateSend(a, refused))).as(refused.asString()).startsWith("550");
                smtp.command("RSET");
            }
            // the line itself works: ciers-a's own ID, from the peer lookup, is accepted
            assertThat(smtp.command("CIERS")).startsWith("220");
            assertThat(smtp.command(initiateSend(a, genuine))).startsWith("250");
        }
    }

    /**
     * A receiving server of b.example that validates online asks ciers-b, which asks ciers-a there
     * and then: valid once, with a.example's trust and a report token, counted once at ciers-a.
     */
    @Test
    @Order(6)
    void onlineValidationOfAsIdIsAskedOfAThroughBAndCountedOnce() throws Exception {
        AuthorityAdmin.Accredited b = cluster.bAccreditation();
        MessageId id = newIdForB();
        long before = counted();
        AuthorityClient bAuthority = cluster.bAuthorityClient(Duration.ofSeconds(10));
        TrustValueRequest request = new TrustValueRequest(b.serverId(), b.passphrase(), cluster.aAccreditation().serverId(), id);

        TrustValueResponse first = bAuthority.trustValue(request);
        TrustValueResponse second = bAuthority.trustValue(request);

        assertThat(first).isInstanceOf(TrustValueResponse.ValidTransmission.class);
        assertThat(((TrustValueResponse.ValidTransmission) first).senderDomain()).isEqualTo(A);
        assertThat(second).isInstanceOf(TrustValueResponse.InvalidTransmission.class);
        assertThat(counted()).isEqualTo(before + 1);
        // another sender's ID presented as a.example's is no ID of a.example's
        assertThat(bAuthority.trustValue(new TrustValueRequest(b.serverId(), b.passphrase(), b.serverId(), newIdForB())))
            .isInstanceOf(TrustValueResponse.InvalidTransmission.class);
    }

    /**
     * The peer routes of ciers-b, asked as if by ciers-a by someone who knows only public values
     * (the names, the URL, ciers-a's public key ID): refused, with nothing counted at ciers-a.
     */
    @Test
    @Order(7)
    void aRequestClaimingToComeFromAPeerWithoutItsSignatureIsRefused() throws Exception {
        long before = counted();
        long standingBefore = domainAtA().path("counters").path("standingReports").asLong();
        MessageId genuine = newIdForB();
        String body = "{\"items\":[{\"kind\":\"spam\",\"messageId\":\"" + genuine.asString() + "\",\"senderServerId\":\""
            + cluster.aAccreditation().serverId() + "\",\"recipientDomain\":\"" + DemoCluster.B_DOMAIN + "\",\"at\":\"" + Instant.now() + "\"}]}";
        int aKeyId = keyIdOfA();
        String time = Long.toString(Instant.now().getEpochSecond());
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(RANDOM.generateSeed(16));
        byte[] forgedSignature = sign(new Ed25519PrivateKeyParameters(RANDOM), String.join("\n", "ciers-peer-request", DemoCluster.AUTHORITY_A,
            DemoCluster.AUTHORITY_B, "POST", "/ciers/peer/v1/forwarded", time, nonce, sha256(body)));

        // no signature at all
        HttpResponse<String> unsigned = peerRequest(cluster.bAuthority(), "forwarded", body, Map.of("CIERS-Peer", DemoCluster.AUTHORITY_A));
        // a signature made with another key under ciers-a's key ID
        HttpResponse<String> forged = peerRequest(cluster.bAuthority(), "forwarded", body, Map.of(
            "CIERS-Peer", DemoCluster.AUTHORITY_A, "CIERS-Peer-Key", Integer.toUnsignedString(aKeyId), "CIERS-Peer-Time", time,
            "CIERS-Peer-Nonce", nonce, "CIERS-Peer-Signature", Base64.getUrlEncoder().withoutPadding().encodeToString(forgedSignature)));
        // at ciers-a too, as if ciers-b asked whether a.example is registered, and with a report on a.example's mail
        HttpResponse<String> lookup = peerRequest(cluster.authority(), "lookup", "{\"domain\":\"a.example\"}",
            Map.of("CIERS-Peer", DemoCluster.AUTHORITY_B));
        HttpResponse<String> forwardedToA = peerRequest(cluster.authority(), "forwarded", body, Map.of("CIERS-Peer", DemoCluster.AUTHORITY_B));

        for (HttpResponse<String> response : List.of(unsigned, forged, lookup, forwardedToA)) {
            assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(401);
            assertThat(response.body()).isEqualTo("{\"error\":\"refused\"}");
        }
        assertThat(domainAtA().path("counters").path("standingReports").asLong()).isEqualTo(standingBefore);
        assertThat(counted()).isEqualTo(before);
        assertThat(reportsOn(genuine)).isZero();
    }

    @Test
    @Order(8)
    void operatorsSeeTheirPeersAndSuspendAndResumeThem() throws Exception {
        JsonNode a = peerAtB();
        assertThat(a.path("state").asText()).isEqualTo("active");
        assertThat(a.path("url").asText()).isEqualTo(cluster.authority().webAdmin().toString());
        assertThat(a.path("lastContact").isTextual()).isTrue();
        assertThat(a.path("forwarded").asLong()).isPositive();
        assertThat(a.path("pending").asLong()).isZero();
        assertThat(keySetOfB()).contains("authority=\"" + DemoCluster.AUTHORITY_A + "\"");

        cluster.bAdmin().suspendPeer(DemoCluster.AUTHORITY_A, true);
        try {
            assertThat(peerAtB().path("state").asText()).isEqualTo("suspended");
            // its IDs are refused: b.example's servers no longer get its keys
            assertThat(keySetOfB()).doesNotContain("authority=\"" + DemoCluster.AUTHORITY_A + "\"");
        } finally {
            cluster.bAdmin().suspendPeer(DemoCluster.AUTHORITY_A, false);
        }
        assertThat(peerAtB().path("state").asText()).isEqualTo("active");
        assertThat(keySetOfB()).contains("authority=\"" + DemoCluster.AUTHORITY_A + "\"");
    }

    private static String reader() throws Exception {
        String user = "reader" + RANDOM.nextInt(1_000_000) + "@" + DemoCluster.B_DOMAIN;
        cluster.b().admin().addUser(user, MailServer.PASSWORD);
        return user;
    }

    /** Delivers one mail from alice to {@code user} (its INBOX must be empty); returns its CIERS message ID. */
    private static String deliver(String user, String subject) throws Exception {
        mail.submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, user, subject, "Hello.");
        String message = mail.awaitMessages(cluster.b().imapPort(), user, MailServer.PASSWORD, "INBOX", 1, WAIT).get(0);
        return MailClient.header(message, "X-CIERS-MessageID").get(0);
    }

    private static JsonNode domainAtA() throws Exception {
        return cluster.admin().domain(A);
    }

    private static long counted() throws Exception {
        return domainAtA().path("counters").path("transmissions").asLong();
    }

    private static JsonNode peerAtB() throws Exception {
        return cluster.bAdmin().get("/ciers/operator/peers/" + DemoCluster.AUTHORITY_A);
    }

    private static long pendingAtB() throws Exception {
        return peerAtB().path("pending").asLong();
    }

    private static long reportsOn(MessageId messageId) throws Exception {
        long found = 0;
        for (JsonNode report : cluster.admin().get("/ciers/operator/domains/" + DemoCluster.A_DOMAIN + "/reports")) {
            if (report.path("messageId").asText().equals(messageId.asString())) {
                found++;
            }
        }
        return found;
    }

    /** Spec §5, at two decimals: 20 − 20·standing/total − 5·refuted/total. */
    private static BigDecimal formula(JsonNode domain) {
        JsonNode counters = domain.path("counters");
        BigDecimal total = BigDecimal.valueOf(counters.path("transmissions").asLong());
        BigDecimal value = BigDecimal.valueOf(20)
            .subtract(BigDecimal.valueOf(20 * counters.path("standingReports").asLong()).divide(total, 10, RoundingMode.HALF_UP))
            .subtract(BigDecimal.valueOf(5 * counters.path("refutedReports").asLong()).divide(total, 10, RoundingMode.HALF_UP));
        return value.max(BigDecimal.ZERO).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    private static MessageId newIdForB() throws Exception {
        AuthorityAdmin.Accredited a = cluster.aAccreditation();
        AuthorityClient client = cluster.authorityClient(Duration.ofSeconds(10));
        return ((AuthToSendResponse.Granted) client.authToSend(new AuthToSendRequest(a.serverId(), a.passphrase(),
            cluster.bAccreditation().domain()))).messageId();
    }

    private static String keySetOfB() throws Exception {
        return http(cluster.bAuthority()).send(HttpRequest.newBuilder(URI.create(cluster.bAuthority().webAdmin() + "/ciers/v1/keys"))
            .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The key ID ciers-a signs with now, as its public key set lists it. */
    private static int keyIdOfA() throws Exception {
        String keys = http(cluster.authority()).send(HttpRequest.newBuilder(URI.create(cluster.authority().webAdmin() + "/ciers/v1/keys"))
            .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher keyId = Pattern.compile("key_id=\"(\\d+)\"").matcher(keys);
        assertThat(keyId.find()).isTrue();
        return Integer.parseUnsignedInt(keyId.group(1));
    }

    private static HttpResponse<String> peerRequest(JamesProcess authority, String route, String body, Map<String, String> headers)
        throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(authority.webAdmin() + "/ciers/peer/v1/" + route))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http(authority).send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient http(JamesProcess authority) {
        return HttpClient.newBuilder().sslContext(authority.webAdminTrust().orElseThrow()).build();
    }

    private static byte[] sign(Ed25519PrivateKeyParameters key, String text) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        signer.update(bytes, 0, bytes.length);
        return signer.generateSignature();
    }

    private static String sha256(String body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static long logLines(MailServer server, String text) throws Exception {
        try (Stream<String> lines = Files.lines(server.james().log())) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }
}
