package org.ciers.authority.transmission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.ciers.authority.store.TransmissionRetention;
import org.ciers.authority.web.ClientAddresses;
import org.ciers.protocol.SettableClock;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.ClientResponseRequest;
import org.ciers.protocol.message.ClientResponseResponse;
import org.ciers.protocol.message.KeysResponse;
import org.ciers.protocol.message.TrustValueRequest;
import org.ciers.protocol.message.TrustValueResponse;
import org.ciers.protocol.message.ValidationReceiptsRequest;
import org.ciers.protocol.message.ValidationReceiptsResponse;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.TrustValue;
import org.ciers.protocol.model.Verdict;
import org.ciers.protocol.signed.SignedMessageId;
import org.ciers.protocol.xml.CiersXml;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** A real in-process James authority, spoken to over HTTP with real XML. */
class AuthorityRoutesTest {
    static final SettableClock CLOCK = new SettableClock(Instant.now());
    static final AtomicInteger DOMAINS = new AtomicInteger();
    static final String MALFORMED = "<CIERS response_type=\"error\"><malformed_request/></CIERS>";

    @RegisterExtension
    static JamesServerExtension james = new JamesServerBuilder<MemoryJamesConfiguration>(tmpDir ->
        MemoryJamesConfiguration.builder()
            .workingDirectory(tmpDir)
            .configurationFromClasspath()
            .build())
        .server(MemoryJamesServerMain::createServer)
        .overrideServerModule(binder -> binder.bind(java.time.Clock.class).toInstance(CLOCK))
        .lifeCycle(JamesServerExtension.Lifecycle.PER_ENCLOSING_CLASS)
        .build();

    record Credentials(DomainName domain, ServerId serverId, Passphrase passphrase) {
    }

    int port;
    AuthorityClient client;

    @BeforeEach
    void setUp(GuiceJamesServer server) {
        port = server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
        client = new AuthorityClient(new AuthorityClient.Settings(URI.create("http://127.0.0.1:" + port),
            Duration.ofSeconds(10), Optional.empty()), new CiersXml());
    }

    String organization() {
        return given().port(port).contentType(ContentType.JSON)
            .body("{\"name\":\"Example\",\"type\":\"company\",\"contactName\":\"Ann Admin\",\"address\":\"1 Main St\","
                + "\"country\":\"FR\",\"email\":\"admin@example.com\",\"phone\":\"+33123456789\"}")
            .post("/ciers/operator/organizations")
            .then().statusCode(201)
            .extract().path("id");
    }

    Credentials accredit(String organizationId) {
        String domain = "d" + DOMAINS.incrementAndGet() + ".example";
        Map<String, Object> body = given().port(port).contentType(ContentType.JSON)
            .body("{\"domain\":\"" + domain + "\",\"mxHosts\":[\"mx." + domain + "\"]}")
            .post("/ciers/operator/organizations/" + organizationId + "/domains")
            .then().statusCode(201)
            .extract().as(Map.class);
        return new Credentials(DomainName.of(domain), ServerId.of((String) body.get("serverId")),
            Passphrase.of((String) body.get("passphrase")));
    }

    Credentials accredit() {
        return accredit(organization());
    }

    AuthToSendResponse authToSend(Credentials sender, DomainName recipient) {
        return client.authToSend(new AuthToSendRequest(sender.serverId(), sender.passphrase(), recipient));
    }

    MessageId authorised(Credentials sender, Credentials recipient) {
        AuthToSendResponse response = authToSend(sender, recipient.domain());
        assertThat(response).isInstanceOf(AuthToSendResponse.Granted.class);
        return ((AuthToSendResponse.Granted) response).messageId();
    }

    TrustValueResponse trustValue(Credentials asker, Credentials sender, MessageId messageId) {
        return client.trustValue(new TrustValueRequest(asker.serverId(), asker.passphrase(), sender.serverId(), messageId));
    }

    /** The auth_to_send document of {@code sender}'s server for {@code recipient}'s domain, as its client would post it. */
    static String authToSendXml(Credentials sender, Credentials recipient) {
        return "<CIERS request_type=\"auth_to_send\"><server_id>" + sender.serverId() + "</server_id><passphrase>"
            + sender.passphrase().reveal() + "</passphrase><recipient_domain>" + recipient.domain() + "</recipient_domain></CIERS>";
    }

    /** The same with a wrong passphrase: what a stranger who knows only the public server ID sends. */
    static String authToSendWithAWrongPassphrase(Credentials sender, Credentials recipient) {
        return "<CIERS request_type=\"auth_to_send\"><server_id>" + sender.serverId() + "</server_id>"
            + "<passphrase>wrongwrongwrongwrong</passphrase><recipient_domain>" + recipient.domain() + "</recipient_domain></CIERS>";
    }

    /** As if a trusted proxy (the test's 127.0.0.1) forwarded the request of these clients. */
    ValidatableResponse postFrom(String forwardedFor, String requestType, String body) {
        return given().port(port).contentType("application/xml").header(ClientAddresses.FORWARDED_FOR, forwardedFor)
            .body(body.getBytes(StandardCharsets.UTF_8))
            .post("/ciers/v1/" + requestType)
            .then();
    }

    ValidatableResponse post(String requestType, byte[] body) {
        return given().port(port).contentType("application/xml").body(body)
            .post("/ciers/v1/" + requestType)
            .then();
    }

    List<ValidationReceiptsResponse.Outcome> receipts(Credentials recipient, MessageId... messageIds) {
        return receiptsValidatedAt(recipient, CLOCK.instant(), messageIds);
    }

    List<ValidationReceiptsResponse.Outcome> receiptsValidatedAt(Credentials recipient, Instant validatedAt,
                                                                 MessageId... messageIds) {
        List<ValidationReceiptsRequest.Receipt> receipts = Arrays.stream(messageIds)
            .map(id -> new ValidationReceiptsRequest.Receipt(id, validatedAt)).toList();
        ValidationReceiptsResponse response = client.validationReceipts(
            new ValidationReceiptsRequest(recipient.serverId(), recipient.passphrase(), receipts));
        assertThat(response).isInstanceOf(ValidationReceiptsResponse.Answered.class);
        return ((ValidationReceiptsResponse.Answered) response).outcomes().stream()
            .map(ValidationReceiptsResponse.ReceiptOutcome::outcome).toList();
    }

    /** Signed message IDs, the key set, receipts and key rotation (spec §10). */
    @Nested
    class SignedIds {
        @Test
        void aCountGrantsThatManyDistinctIdsSignedByAListedKey() {
            Credentials a = accredit();
            Credentials b = accredit();

            AuthToSendResponse.Granted granted = (AuthToSendResponse.Granted) client.authToSend(
                new AuthToSendRequest(a.serverId(), a.passphrase(), b.domain(), 5));

            KeysResponse keys = client.keys();
            assertThat(keys.authority()).isEqualTo(AuthorityName.of("test-authority"));
            assertThat(granted.messageIds()).hasSize(5).doesNotHaveDuplicates().allSatisfy(id -> {
                SignedMessageId signed = SignedMessageId.parse(id).orElseThrow();
                KeysResponse.PublicKey key = keys.keys().stream().filter(k -> k.keyId() == signed.keyId()).findFirst().orElseThrow();
                assertThat(signed.verifiedBy(new Ed25519PublicKeyParameters(key.encoded(), 0))).isTrue();
                assertThat(signed.isFor(b.domain())).isTrue();
                assertThat(signed.senderServerId()).isEqualTo(a.serverId().asString());
                assertThat(signed.trustValue()).contains(TrustValue.FULL);
                assertThat(signed.expiresAt()).isAfter(CLOCK.instant());
            });
        }

        @Test
        void theKeySetIsPublicXml() {
            given().port(port).get("/ciers/v1/keys")
                .then().statusCode(200)
                .contentType("application/xml")
                .body(startsWith("<CIERS response_type=\"keys\"><authority>test-authority</authority><key key_id=\""));
        }

        @Test
        void eachReceiptCountsOnceAndARepeatIsADuplicate() {
            Credentials a = accredit();
            Credentials b = accredit();
            MessageId first = authorised(a, b);
            MessageId second = authorised(a, b);

            assertThat(receipts(b, first, second)).containsExactly(ValidationReceiptsResponse.Outcome.COUNTED,
                ValidationReceiptsResponse.Outcome.COUNTED);
            // a retried batch, or the same ID validated at a second MX host of b
            assertThat(receipts(b, second, first)).containsExactly(ValidationReceiptsResponse.Outcome.DUPLICATE,
                ValidationReceiptsResponse.Outcome.DUPLICATE);

            given().port(port).get("/ciers/operator/domains/" + a.domain())
                .then().statusCode(200)
                .body("counters.transmissions", equalTo(2));
            // the operator sees the duplicates, with the server that sent them: one entry for the request
            given().port(port).get("/ciers/operator/audit?limit=1000")
                .then().statusCode(200)
                .body("findAll { it.action == 'receipts.duplicate' && it.actor == 'server " + b.serverId().asString() + "' }.subject",
                    contains("2 of 2: " + second.asString() + " " + first.asString()));
        }

        @Test
        void receiptsForAnotherDomainsIdsOrForgedIdsAreInvalid() {
            Credentials a = accredit();
            Credentials b = accredit();
            Credentials c = accredit();
            MessageId forB = authorised(a, b);
            String prefix = forB.authority().asString() + ".";
            String token = forB.asString().substring(prefix.length());
            char flipped = token.charAt(40) == 'A' ? 'B' : 'A';
            MessageId forged = MessageId.of(prefix + token.substring(0, 40) + flipped + token.substring(41));
            MessageId otherAuthority = MessageId.of("other." + token);

            assertThat(receipts(c, forB)).containsExactly(ValidationReceiptsResponse.Outcome.INVALID);
            assertThat(receipts(b, forged, otherAuthority, MessageId.of(prefix + "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")))
                .containsOnly(ValidationReceiptsResponse.Outcome.INVALID);
            given().port(port).get("/ciers/operator/domains/" + a.domain())
                .then().statusCode(200)
                .body("counters.transmissions", equalTo(0));
        }

        @Test
        void receiptsWithAWrongPassphraseAreNotAuthorized() {
            Credentials a = accredit();
            Credentials b = accredit();
            MessageId messageId = authorised(a, b);

            assertThat(client.validationReceipts(new ValidationReceiptsRequest(b.serverId(), a.passphrase(),
                List.of(new ValidationReceiptsRequest.Receipt(messageId, CLOCK.instant())))))
                .isInstanceOf(ValidationReceiptsResponse.NotAuthorized.class);
        }

        @Test
        void aRotatedKeySignsAfterOneIdLifetimeAndARemovedKeysIdsAreInvalid() {
            Credentials a = accredit();
            Credentials b = accredit();
            int before = SignedMessageId.parse(authorised(a, b)).orElseThrow().keyId();

            int next = given().port(port).post("/ciers/operator/signing-keys")
                .then().statusCode(201)
                .extract().path("keyId");
            // listed at once, signing one ID lifetime later; the old key signs until then
            assertThat(client.keys().keys()).extracting(KeysResponse.PublicKey::keyId).contains(before, next);
            MessageId signedByOld = authorised(a, b);
            assertThat(SignedMessageId.parse(signedByOld).orElseThrow().keyId()).isEqualTo(before);
            given().port(port).delete("/ciers/operator/signing-keys/" + before).then().statusCode(409);

            CLOCK.advance(Duration.ofHours(1).plusSeconds(1));
            MessageId signedByNew = authorised(a, b);
            assertThat(SignedMessageId.parse(signedByNew).orElseThrow().keyId()).isEqualTo(next);
            given().port(port).delete("/ciers/operator/signing-keys/" + before).then().statusCode(204);
            given().port(port).delete("/ciers/operator/signing-keys/" + before).then().statusCode(404);

            assertThat(receipts(b, signedByOld, signedByNew)).containsExactly(ValidationReceiptsResponse.Outcome.INVALID,
                ValidationReceiptsResponse.Outcome.COUNTED);
            assertThat(client.keys().keys()).extracting(KeysResponse.PublicKey::keyId).doesNotContain(before);
        }
    }

    @Nested
    class AuthToSend {
        @Test
        void grantsAFreshMessageIdWithTheRecipientsServerIdAndMx() {
            Credentials a = accredit();
            Credentials b = accredit();

            AuthToSendResponse response = authToSend(a, b.domain());

            assertThat(response).isInstanceOf(AuthToSendResponse.Granted.class);
            AuthToSendResponse.Granted granted = (AuthToSendResponse.Granted) response;
            assertThat(granted.recipientServerId()).isEqualTo(b.serverId());
            assertThat(granted.mxServers()).containsExactly("mx." + b.domain().asString());
            assertThat(granted.messageId().authority().asString()).isEqualTo("test-authority");
            assertThat(granted.messageId()).isNotEqualTo(authorised(a, b));
        }

        @Test
        void anUnknownRecipientDomainIsDomainInvalid() {
            Credentials a = accredit();
            String body = "<CIERS request_type=\"auth_to_send\"><server_id>" + a.serverId() + "</server_id><passphrase>"
                + a.passphrase().reveal() + "</passphrase><recipient_domain>nowhere.example</recipient_domain></CIERS>";

            post("auth_to_send", body.getBytes(StandardCharsets.UTF_8))
                .statusCode(200)
                .contentType("application/xml")
                .body(equalTo("<CIERS response_type=\"auth_to_send\"><domain_invalid/></CIERS>"));
        }

        @Test
        void aWrongPassphraseIsNotAuthorized() {
            Credentials a = accredit();
            Credentials b = accredit();

            AuthToSendResponse response = client.authToSend(new AuthToSendRequest(a.serverId(),
                Passphrase.of("wrongwrongwrongwrong"), b.domain()));

            assertThat(response).isInstanceOf(AuthToSendResponse.NotAuthorized.class);
        }

        @Test
        void anUnknownServerIdIsNotAuthorized() {
            Credentials b = accredit();

            AuthToSendResponse response = client.authToSend(new AuthToSendRequest(ServerId.of("ZZZZZZZZZZZZZZZZZZZZ"),
                Passphrase.of("wrongwrongwrongwrong"), b.domain()));

            assertThat(response).isInstanceOf(AuthToSendResponse.NotAuthorized.class);
        }

        @Test
        void aStrangersFailuresNeverLockTheOwnerOut() {
            Credentials a = accredit();
            Credentials b = accredit();
            String wrong = authToSendWithAWrongPassphrase(a, b);
            for (int i = 0; i < 5; i++) {
                postFrom("198.51.100.7", "auth_to_send", wrong).statusCode(200);
            }
            postFrom("198.51.100.7", "auth_to_send", wrong).statusCode(429);

            // the same server ID, right passphrase, from its own address (and from the proxy itself)
            assertThat(authToSend(a, b.domain())).isInstanceOf(AuthToSendResponse.Granted.class);
            String right = authToSendXml(a, b);
            postFrom("198.51.100.8", "auth_to_send", right).statusCode(200)
                .body(containsString("<message_id>"));
        }

        @Test
        void theClientIsTheLastForwardedHopThatIsNoTrustedProxy() {
            // the peer (127.0.0.1) is the trusted proxy; trusted hops at the end of the header are
            // skipped, and what an untrusted hop claims to forward is not believed
            Credentials a = accredit();
            Credentials b = accredit();
            String wrong = authToSendWithAWrongPassphrase(a, b);
            for (int i = 0; i < 5; i++) {
                postFrom("203.0.113.9, 198.51.100.20, 127.0.0.1", "auth_to_send", wrong).statusCode(200);
            }
            String right = authToSendXml(a, b);

            // counted for 198.51.100.20, the last hop that is no trusted proxy: not for the address it claims to forward
            postFrom("198.51.100.20", "auth_to_send", right).statusCode(429);
            postFrom("203.0.113.9", "auth_to_send", right).statusCode(200);
        }

        @Test
        void aProxyThatAddsItsOwnHeaderLineIsReadAfterTheClientsLine() {
            // the client wrote the first line; the trusted proxy (127.0.0.1) added its own line with the real client
            Credentials a = accredit();
            Credentials b = accredit();
            for (int i = 0; i < 5; i++) {
                given().port(port).contentType("application/xml").header(ClientAddresses.FORWARDED_FOR, "203.0.113.60")
                    .header(ClientAddresses.FORWARDED_FOR, "198.51.100.60")
                    .body(authToSendWithAWrongPassphrase(a, b).getBytes(StandardCharsets.UTF_8))
                    .post("/ciers/v1/auth_to_send").then().statusCode(200);
            }

            postFrom("198.51.100.60", "auth_to_send", authToSendXml(a, b)).statusCode(429);
            postFrom("203.0.113.60", "auth_to_send", authToSendXml(a, b)).statusCode(200);
        }

        @Test
        void aClientThatIsNoTrustedProxyCannotPickTheAddressItIsCountedBy() throws Exception {
            Credentials a = accredit();
            Credentials b = accredit();
            String wrong = authToSendWithAWrongPassphrase(a, b);
            String right = authToSendXml(a, b);
            // 127.0.0.2 is no trusted proxy (the tests trust 127.0.0.1): each request names another client
            for (int i = 0; i < 5; i++) {
                assertThat(statusFromPeer("127.0.0.2", "203.0.113." + i, wrong)).isEqualTo(200);
            }

            assertThat(statusFromPeer("127.0.0.2", "203.0.113.50", right)).isEqualTo(429);
            assertThat(statusFromPeer("127.0.0.3", "203.0.113.50", right)).isEqualTo(200);
        }

        @Test
        void aThousandWrongPassphrasesFromAnotherAddressNeverStopTheOwnersServer() throws Exception {
            Credentials a = accredit();
            Credentials b = accredit();
            MessageId sent = authorised(a, b);
            String wrong = authToSendWithAWrongPassphrase(b, a);
            int refused = 0;
            for (int i = 0; i < 1000; i++) {
                int status = statusFromPeer("127.0.0.2", "203.0.113.77", wrong);
                assertThat(status).isIn(200, 429);
                refused += status == 429 ? 1 : 0;
            }
            assertThat(refused).as("the stranger's address is limited").isGreaterThan(990);

            // b.example's server, from its own address: validates and asks as if nothing happened
            assertThat(trustValue(b, a, sent)).isInstanceOf(TrustValueResponse.ValidTransmission.class);
            assertThat(authToSend(b, a.domain())).isInstanceOf(AuthToSendResponse.Granted.class);
        }

        /** One auth_to_send over a socket bound to {@code peer} (any 127/8 address is loopback), the header as given. */
        int statusFromPeer(String peer, String forwardedFor, String body) throws Exception {
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(peer, 0));
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                socket.setSoTimeout(10_000);
                String head = "POST /ciers/v1/auth_to_send HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\n"
                    + ClientAddresses.FORWARDED_FOR + ": " + forwardedFor + "\r\nContent-Length: " + content.length
                    + "\r\nConnection: close\r\n\r\n";
                socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(content);
                socket.getOutputStream().flush();
                String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                return Integer.parseInt(statusLine.split(" ")[1]);
            }
        }

        @Test
        void failuresFromAnAddressLimitThatAddressEvenWithTheRightPassphrase() {
            Credentials a = accredit();
            Credentials b = accredit();
            String wrong = authToSendWithAWrongPassphrase(a, b);
            for (int i = 0; i < 5; i++) {
                post("auth_to_send", wrong.getBytes(StandardCharsets.UTF_8)).statusCode(200);
            }
            String right = authToSendXml(a, b);

            post("auth_to_send", right.getBytes(StandardCharsets.UTF_8))
                .statusCode(429)
                .body(equalTo("<CIERS response_type=\"error\"><rate_limited/></CIERS>"));
        }
    }

    @Nested
    class TrustValue_ {
        @Test
        void aValidPairIsAValidTransmissionWithFullTrustForANewDomain() {
            Credentials a = accredit();
            Credentials b = accredit();
            MessageId messageId = authorised(a, b);

            TrustValueResponse response = trustValue(b, a, messageId);

            assertThat(response).isInstanceOf(TrustValueResponse.ValidTransmission.class);
            TrustValueResponse.ValidTransmission valid = (TrustValueResponse.ValidTransmission) response;
            assertThat(valid.trustValue()).isEqualTo(TrustValue.parse("20"));
            assertThat(valid.senderServerId()).isEqualTo(a.serverId());
            assertThat(valid.senderDomain()).isEqualTo(a.domain());
        }

        @Test
        void theSameMessageIdAgainIsInvalid() {
            Credentials a = accredit();
            Credentials b = accredit();
            MessageId messageId = authorised(a, b);
            trustValue(b, a, messageId);

            assertThat(trustValue(b, a, messageId)).isInstanceOf(TrustValueResponse.InvalidTransmission.class);
        }

        @Test
        void anExpiredMessageIdIsInvalid() {
            Credentials a = accredit();
            Credentials b = accredit();
            MessageId messageId = authorised(a, b);

            CLOCK.advance(Duration.ofHours(1).plusSeconds(1));

            assertThat(trustValue(b, a, messageId)).isInstanceOf(TrustValueResponse.InvalidTransmission.class);
        }

        @Test
        void aRecipientServerAskingAboutAnotherDomainsMessageIsInvalid() {
            Credentials a = accredit();
            Credentials b = accredit();
            Credentials c = accredit();
            MessageId messageId = authorised(a, b);

            assertThat(trustValue(c, a, messageId)).isInstanceOf(TrustValueResponse.InvalidTransmission.class);
            // the refusal did not use the message ID up: its real recipient still validates it
            assertThat(trustValue(b, a, messageId)).isInstanceOf(TrustValueResponse.ValidTransmission.class);
        }

        @Test
        void theSenderCannotValidateItsOwnMessage() {
            Credentials a = accredit();
            Credentials b = accredit();
            MessageId messageId = authorised(a, b);

            assertThat(trustValue(a, a, messageId)).isInstanceOf(TrustValueResponse.InvalidTransmission.class);
        }

        @Test
        void aWrongSenderServerIdIsInvalid() {
            Credentials a = accredit();
            Credentials b = accredit();
            Credentials c = accredit();
            MessageId messageId = authorised(a, b);

            assertThat(trustValue(b, c, messageId)).isInstanceOf(TrustValueResponse.InvalidTransmission.class);
        }

        @Test
        void aForgedMessageIdIsInvalid() {
            Credentials a = accredit();
            Credentials b = accredit();

            assertThat(trustValue(b, a, MessageId.of("test-authority.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")))
                .isInstanceOf(TrustValueResponse.InvalidTransmission.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"short", "test-authority.ABC+/=", "Test-Authority.AAAAAAAAAAAAAAAAAAAA", "a b c"})
        void aWellFormedRequestWithAnOddMessageIdIsInvalidNotMalformed(String odd) {
            Credentials a = accredit();
            Credentials b = accredit();
            String trustValue = "<CIERS request_type=\"trust_value\"><server_id>" + b.serverId() + "</server_id><passphrase>"
                + b.passphrase().reveal() + "</passphrase><sender_server_id>" + a.serverId() + "</sender_server_id><message_id>"
                + odd + "</message_id></CIERS>";

            post("trust_value", trustValue.getBytes(StandardCharsets.UTF_8)).statusCode(200)
                .body(equalTo("<CIERS response_type=\"trust_value\"><invalid_transmission/></CIERS>"));
        }

        @Test
        void anAskerWithAWrongPassphraseIsNotAuthorized() {
            Credentials a = accredit();
            Credentials b = accredit();
            MessageId messageId = authorised(a, b);

            TrustValueResponse response = client.trustValue(new TrustValueRequest(b.serverId(),
                Passphrase.of("wrongwrongwrongwrong"), a.serverId(), messageId));

            assertThat(response).isInstanceOf(TrustValueResponse.NotAuthorized.class);
        }
    }

    @Nested
    class Suspension {
        @Test
        void aSuspendedOrganizationsServersAreRefusedAndItsIdsTooAndTheKeySetListsThem() {
            String organization = organization();
            Credentials a = accredit(organization);
            Credentials b = accredit();
            MessageId issuedBefore = authorised(a, b);

            given().port(port).post("/ciers/operator/organizations/" + organization + "/suspension").then().statusCode(204);

            assertThat(authToSend(a, b.domain())).isInstanceOf(AuthToSendResponse.NotAuthorized.class);
            assertThat(trustValue(b, a, issuedBefore)).isInstanceOf(TrustValueResponse.InvalidTransmission.class);
            assertThat(client.trustValue(new TrustValueRequest(a.serverId(), a.passphrase(), b.serverId(), authorised(b, a))))
                .isInstanceOf(TrustValueResponse.NotAuthorized.class);
            CLOCK.advance(Duration.ofSeconds(11));
            assertThat(client.keys().suspendedSenders()).contains(a.serverId()).doesNotContain(b.serverId());
            given().port(port).get("/ciers/operator/audit").then().statusCode(200)
                .body("findAll { it.action == 'domain.suspended' }.subject", hasItem(a.domain().asString()));
        }
    }

    @Nested
    class Trust {
        @Test
        void trustAfterReportsFollowsTheFormula() {
            String organization = organization();
            Credentials a = accredit(organization);
            Credentials b = accredit(organization);
            int sent = 8;
            List<MessageId> validated = new java.util.ArrayList<>();
            for (int i = 0; i < sent; i++) {
                MessageId messageId = authorised(a, b);
                assertThat(trustValue(b, a, messageId)).isInstanceOf(TrustValueResponse.ValidTransmission.class);
                validated.add(messageId);
            }
            for (int i = 0; i < 3; i++) {
                assertThat(clientResponse(b, a, validated.get(i), Verdict.SPAM)).isInstanceOf(ClientResponseResponse.ResponseAccepted.class);
            }
            // a second report of one message does not count twice; one report is refuted
            clientResponse(b, a, validated.get(0), Verdict.SPAM);
            clientResponse(b, a, validated.get(2), Verdict.NOT_SPAM);

            // 8 sent, 2 standing, 1 refuted: 20 - 20*2/8 - 5*1/8 = 14.375
            given().port(port).get("/ciers/operator/domains/" + a.domain())
                .then().statusCode(200)
                .body("trustValue", equalTo(14.38f))
                .body("counters.transmissions", equalTo(sent))
                .body("counters.standingReports", equalTo(2))
                .body("counters.refutedReports", equalTo(1));

            // the next validated transmission makes 9: 20 - 40/9 - 5/9 = 15
            TrustValueResponse next = trustValue(b, a, authorised(a, b));
            assertThat(((TrustValueResponse.ValidTransmission) next).trustValue()).isEqualTo(TrustValue.parse("15"));
        }

        @Test
        void theSendersOwnCredentialsCannotReportOrRefute() {
            Credentials a = accredit();
            Credentials b = accredit();
            MessageId messageId = authorised(a, b);
            trustValue(b, a, messageId);

            assertThat(clientResponse(a, a, messageId, Verdict.SPAM)).isInstanceOf(ClientResponseResponse.ResponseDenied.class);
            assertThat(clientResponse(a, a, messageId, Verdict.NOT_SPAM)).isInstanceOf(ClientResponseResponse.ResponseDenied.class);
        }

        @Test
        void aReportBeforeItsReceiptReceiptsTheMessageItself() {
            Credentials a = accredit();
            Credentials b = accredit();
            MessageId messageId = authorised(a, b);

            // validated offline, its receipt still queued at the recipient's server (spec §10)
            assertThat(clientResponse(b, a, messageId, Verdict.SPAM)).isInstanceOf(ClientResponseResponse.ResponseAccepted.class);

            given().port(port).get("/ciers/operator/domains/" + a.domain())
                .then().statusCode(200)
                .body("counters.transmissions", equalTo(1))
                .body("counters.standingReports", equalTo(1));
            assertThat(receipts(b, messageId)).containsExactly(ValidationReceiptsResponse.Outcome.DUPLICATE);
        }

        @Test
        void anIdNeverReceiptedCannotBeReportedOnceItWouldNoLongerBeKept() {
            Credentials a = accredit();
            Credentials b = accredit();
            MessageId kept = authorised(a, b);
            MessageId tooOld = authorised(a, b);
            MessageId receiptedLate = authorised(a, b);
            Instant validatedInTime = CLOCK.instant();
            // an ID is never logged at issue: the authority reads its age from its signature (expiry less the lifetime)
            CLOCK.advance(TransmissionRetention.DEFAULT.minusSeconds(5));
            assertThat(clientResponse(b, a, kept, Verdict.SPAM)).isInstanceOf(ClientResponseResponse.ResponseAccepted.class);

            CLOCK.advance(Duration.ofSeconds(10));

            assertThat(clientResponse(b, a, tooOld, Verdict.SPAM)).isInstanceOf(ClientResponseResponse.ResponseDenied.class);
            // nor counted by a receipt that arrives this late, even for a validation in time: a first copy of it would be forgotten
            assertThat(receiptsValidatedAt(b, validatedInTime, receiptedLate)).containsExactly(ValidationReceiptsResponse.Outcome.INVALID);
            given().port(port).get("/ciers/operator/domains/" + a.domain())
                .then().statusCode(200)
                .body("counters.transmissions", equalTo(1))
                .body("counters.standingReports", equalTo(1));
        }

        @Test
        void theReportTokenAloneLetsTheRecipientSideReport() {
            Credentials a = accredit();
            Credentials b = accredit();
            MessageId messageId = authorised(a, b);
            TrustValueResponse.ValidTransmission valid = (TrustValueResponse.ValidTransmission) trustValue(b, a, messageId);

            ClientResponseResponse byToken = client.clientResponse(
                ClientResponseRequest.byToken(a.serverId(), messageId, Verdict.SPAM, valid.reportToken()));
            ClientResponseResponse wrongToken = client.clientResponse(ClientResponseRequest.byToken(a.serverId(), messageId,
                Verdict.NOT_SPAM, org.ciers.protocol.model.ReportToken.of("AAAAAAAAAAAAAAAAAAAAAA")));

            assertThat(byToken).isInstanceOf(ClientResponseResponse.ResponseAccepted.class);
            assertThat(wrongToken).isInstanceOf(ClientResponseResponse.ResponseDenied.class);
            given().port(port).get("/ciers/operator/domains/" + a.domain() + "/reports")
                .then().statusCode(200)
                .body("[0].messageId", equalTo(messageId.asString()))
                .body("[0].state", equalTo("standing"));
        }

        @Test
        void reportsOnUnknownMessagesOrAnotherRecipientDomainsMessagesAreDenied() {
            Credentials a = accredit();
            Credentials b = accredit();
            Credentials c = accredit();
            MessageId toB = authorised(a, b);
            trustValue(b, a, toB);

            assertThat(clientResponse(b, a, MessageId.of("ciers.UNKNOWNUNKNOWNUNKNOWNUNKNOWN00"), Verdict.SPAM))
                .isInstanceOf(ClientResponseResponse.ResponseDenied.class);
            assertThat(clientResponse(c, a, toB, Verdict.SPAM)).isInstanceOf(ClientResponseResponse.ResponseDenied.class);
            // naming another sender for the message is no way round it either
            assertThat(clientResponse(b, c, toB, Verdict.SPAM)).isInstanceOf(ClientResponseResponse.ResponseDenied.class);
        }

        @Test
        void theSendingOrganizationSeesEachFlaggedMessageWithItsState() {
            String organization = organization();
            Credentials a1 = accredit(organization);
            Credentials a2 = accredit(organization);
            Credentials b = accredit();
            MessageId first = authorised(a1, b);
            trustValue(b, a1, first);
            MessageId second = authorised(a2, b);
            trustValue(b, a2, second);
            clientResponse(b, a1, first, Verdict.SPAM);
            CLOCK.advance(Duration.ofSeconds(1));
            clientResponse(b, a2, second, Verdict.SPAM);
            clientResponse(b, a1, first, Verdict.NOT_SPAM);

            given().port(port).get("/ciers/operator/organizations/" + organization + "/reports")
                .then().statusCode(200)
                .body("size()", equalTo(2))
                .body("[0].messageId", equalTo(second.asString()))
                .body("[0].senderServerId", equalTo(a2.serverId().asString()))
                .body("[0].recipientDomain", equalTo(b.domain().asString()))
                .body("[0].state", equalTo("standing"))
                .body("[1].messageId", equalTo(first.asString()))
                .body("[1].state", equalTo("refuted"));
            given().port(port).get("/ciers/operator/organizations/" + java.util.UUID.randomUUID() + "/reports").then().statusCode(404);
        }

        ClientResponseResponse clientResponse(Credentials reporter, Credentials sender, MessageId messageId, Verdict verdict) {
            return client.clientResponse(ClientResponseRequest.byServer(sender.serverId(), messageId, verdict,
                reporter.serverId(), reporter.passphrase()));
        }
    }

    @Nested
    class BadInput {
        @Test
        void aDtdWithAnExternalEntityIsMalformed() {
            String xxe = "<?xml version=\"1.0\"?><!DOCTYPE CIERS [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<CIERS request_type=\"auth_to_send\"><server_id>&xxe;</server_id><passphrase>x</passphrase>"
                + "<recipient_domain>b.example</recipient_domain></CIERS>";

            post("auth_to_send", xxe.getBytes(StandardCharsets.UTF_8)).statusCode(400).body(equalTo(MALFORMED));
        }

        @Test
        void billionLaughsIsMalformed() {
            String bomb = "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
                + "<CIERS request_type=\"trust_value\">&lol3;</CIERS>";

            post("trust_value", bomb.getBytes(StandardCharsets.UTF_8)).statusCode(400).body(equalTo(MALFORMED));
        }

        @Test
        void aOneMebibyteBodyIsMalformed() {
            byte[] big = ("<CIERS request_type=\"auth_to_send\"><server_id>" + "A".repeat(1024 * 1024) + "</server_id></CIERS>")
                .getBytes(StandardCharsets.UTF_8);

            post("auth_to_send", big).statusCode(400).body(equalTo(MALFORMED));
        }

        @Test
        void binaryJunkIsMalformedAndNeverA500() {
            Random random = new Random(7);
            for (int i = 0; i < 50; i++) {
                byte[] junk = new byte[1 + random.nextInt(4096)];
                random.nextBytes(junk);
                post(List.of("auth_to_send", "trust_value", "client_response").get(i % 3), junk)
                    .statusCode(400).body(equalTo(MALFORMED));
            }
        }

        @Test
        void anUnknownRequestTypeIsMalformed() {
            post("steal_everything", "<CIERS request_type=\"steal_everything\"/>".getBytes(StandardCharsets.UTF_8))
                .statusCode(400).body(equalTo(MALFORMED));
        }

        @Test
        void aBodyWhoseTypeDiffersFromThePathIsMalformed() {
            Credentials a = accredit();
            String authToSend = "<CIERS request_type=\"auth_to_send\"><server_id>" + a.serverId() + "</server_id><passphrase>"
                + a.passphrase().reveal() + "</passphrase><recipient_domain>b.example</recipient_domain></CIERS>";

            post("trust_value", authToSend.getBytes(StandardCharsets.UTF_8)).statusCode(400).body(equalTo(MALFORMED));
        }

        @Test
        void initiateSendIsNotForTheAuthority() {
            String initiate = "<CIERS request_type=\"initiate_send\"><server_id>AAAAAAAAAAAAAAAAAAA1</server_id>"
                + "<message_id>test-authority.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</message_id></CIERS>";

            post("initiate_send", initiate.getBytes(StandardCharsets.UTF_8)).statusCode(400).body(equalTo(MALFORMED));
        }

        @Test
        void anEmptyBodyIsMalformed() {
            post("auth_to_send", new byte[0]).statusCode(400).body(equalTo(MALFORMED));
        }
    }

    @Nested
    class Admin {
        @Test
        void anInvalidOrganizationFieldIsA400NamingIt() {
            given().port(port).contentType(ContentType.JSON)
                .body("{\"name\":\"Example\",\"type\":\"company\",\"contactName\":\"Ann\",\"address\":\"1 Main St\","
                    + "\"country\":\"FR\",\"email\":\"not-an-email\",\"phone\":\"+33123456789\"}")
                .post("/ciers/operator/organizations")
                .then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("email"));
        }

        @Test
        void badJsonIsA400() {
            given().port(port).contentType(ContentType.JSON).body("{not json")
                .post("/ciers/operator/organizations")
                .then().statusCode(400)
                .body("statusCode", equalTo(400));
        }

        @Test
        void aDomainIsAccreditedOnce() {
            String organization = organization();
            Credentials a = accredit(organization);

            given().port(port).contentType(ContentType.JSON)
                .body("{\"domain\":\"" + a.domain() + "\",\"mxHosts\":[]}")
                .post("/ciers/operator/organizations/" + organization + "/domains")
                .then().statusCode(409);
        }

        @Test
        void anUnknownOrganizationIsA404() {
            given().port(port).contentType(ContentType.JSON)
                .body("{\"domain\":\"new.example\",\"mxHosts\":[]}")
                .post("/ciers/operator/organizations/" + java.util.UUID.randomUUID() + "/domains")
                .then().statusCode(404);
        }

        @Test
        void aBadDomainNameIsA400NamingTheField() {
            given().port(port).contentType(ContentType.JSON)
                .body("{\"domain\":\"not a domain\",\"mxHosts\":[]}")
                .post("/ciers/operator/organizations/" + organization() + "/domains")
                .then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("domain"));
        }

        @Test
        void domainsAreListedWithTrustAndTheirTransmissionsShown() {
            Credentials a = accredit();
            Credentials b = accredit();
            MessageId messageId = authorised(a, b);
            trustValue(b, a, messageId);

            given().port(port).get("/ciers/operator/domains")
                .then().statusCode(200)
                .body("domain", hasItem(a.domain().asString()));
            given().port(port).get("/ciers/operator/domains/" + a.domain() + "/transmissions")
                .then().statusCode(200)
                .body("[0].messageId", equalTo(messageId.asString()))
                .body("[0].recipientDomain", equalTo(b.domain().asString()))
                .body("[0].validatedAt", org.hamcrest.Matchers.notNullValue());
        }

        @Test
        void anUnknownDomainIsA404() {
            given().port(port).get("/ciers/operator/domains/unknown.example").then().statusCode(404);
        }
    }

    @Test
    void secretsNeverReachTheLog() {
        Logger root = (Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        try {
            Credentials a = accredit();
            Credentials b = accredit();
            MessageId messageId = authorised(a, b);
            TrustValueResponse.ValidTransmission valid = (TrustValueResponse.ValidTransmission) trustValue(b, a, messageId);
            client.clientResponse(ClientResponseRequest.byToken(a.serverId(), messageId, Verdict.SPAM, valid.reportToken()));

            List<String> secrets = List.of(a.passphrase().reveal(), b.passphrase().reveal(), valid.reportToken().reveal());
            assertThat(appender.list).isNotEmpty();
            for (ILoggingEvent event : appender.list) {
                String logged = event.getFormattedMessage() + " " + event.getMDCPropertyMap();
                assertThat(secrets).noneMatch(logged::contains);
            }
        } finally {
            root.detachAppender(appender);
        }
    }
}
