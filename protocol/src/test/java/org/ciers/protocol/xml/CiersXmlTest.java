package org.ciers.protocol.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.CiersMessage;
import org.ciers.protocol.message.CiersRequest;
import org.ciers.protocol.message.ClientResponseRequest;
import org.ciers.protocol.message.ClientResponseResponse;
import org.ciers.protocol.message.ErrorResponse;
import org.ciers.protocol.message.InitiateSendRequest;
import org.ciers.protocol.message.InitiateSendResponse;
import org.ciers.protocol.message.KeysResponse;
import org.ciers.protocol.message.TrustValueRequest;
import org.ciers.protocol.message.TrustValueResponse;
import org.ciers.protocol.message.ValidationReceiptsRequest;
import org.ciers.protocol.message.ValidationReceiptsResponse;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ReportToken;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.TrustValue;
import org.ciers.protocol.model.Verdict;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CiersXmlTest {
    static final ServerId SENDER = ServerId.of("AAAAAAAAAAAAAAAAAAA1");
    static final ServerId RECIPIENT = ServerId.of("BBBBBBBBBBBBBBBBBBB2");
    static final Passphrase PASSPHRASE = Passphrase.of("p4ssphr4sep4ssphr4se");
    static final MessageId MESSAGE_ID = MessageId.of("ciers.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    static final MessageId OTHER_MESSAGE_ID = MessageId.of("ciers.ZYXWVUTSRQPONMLKJIHGFEDCBA765432");
    static final ReportToken TOKEN = ReportToken.of("tok_0123456789abcdef");

    private final CiersXml xml = new CiersXml();

    static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }

    @Test
    void aCountAndRepeatedMessageIdsHaveTheirWireShape() throws Exception {
        assertThat(xml.writeAsString(new AuthToSendRequest(SENDER, PASSPHRASE, DomainName.of("b.example"), 3)))
            .endsWith("<recipient_domain>b.example</recipient_domain><count>3</count></CIERS>");
        assertThat(xml.writeAsString(new ValidationReceiptsResponse.Answered(List.of(
            new ValidationReceiptsResponse.ReceiptOutcome(MESSAGE_ID, ValidationReceiptsResponse.Outcome.COUNTED)))))
            .isEqualTo("<CIERS response_type=\"validation_receipts\"><message_id outcome=\"counted\">" + MESSAGE_ID + "</message_id></CIERS>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "x", ""})
    void aCountOutOfRangeIsMalformed(String count) {
        String document = "<CIERS request_type=\"auth_to_send\"><server_id>" + SENDER + "</server_id><passphrase>" + PASSPHRASE.reveal()
            + "</passphrase><recipient_domain>b.example</recipient_domain><count>" + count + "</count></CIERS>";
        assertThatThrownBy(() -> xml.readRequest(document.getBytes(StandardCharsets.UTF_8))).isInstanceOf(MalformedCiersException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " validated_at=\"yesterday\"", " validated_at=\"2026-12-02T10:00:00Z\"><x/"})
    void aReceiptWithoutAValidTimeIsMalformed(String attribute) {
        String document = "<CIERS request_type=\"validation_receipts\"><server_id>" + RECIPIENT + "</server_id><passphrase>" + PASSPHRASE.reveal()
            + "</passphrase><message_id" + attribute + ">" + MESSAGE_ID + "</message_id></CIERS>";
        assertThatThrownBy(() -> xml.readRequest(document.getBytes(StandardCharsets.UTF_8))).isInstanceOf(MalformedCiersException.class);
    }

    @Test
    void aBatchOfMoreReceiptsThanAllowedIsMalformed() {
        StringBuilder document = new StringBuilder("<CIERS request_type=\"validation_receipts\"><server_id>" + RECIPIENT
            + "</server_id><passphrase>" + PASSPHRASE.reveal() + "</passphrase>");
        for (int i = 0; i <= ValidationReceiptsRequest.MAX_RECEIPTS; i++) {
            document.append("<message_id validated_at=\"2026-12-02T10:00:00Z\">").append(MESSAGE_ID).append("</message_id>");
        }
        document.append("</CIERS>");
        assertThatThrownBy(() -> xml.readRequest(document.toString().getBytes(StandardCharsets.UTF_8))).isInstanceOf(MalformedCiersException.class);
    }

    /** A relay cannot pass its own name off as a peer's, nor suspend senders of an authority it lists no keys for. */
    @ParameterizedTest
    @ValueSource(strings = {
        "<key authority=\"ciers\" key_id=\"1\" signs_from=\"2026-12-01T00:00:00Z\">AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</key>",
        "<suspended_server_id authority=\"ciers-c\">" + "S" + "</suspended_server_id>",
        "<key authority=\"not a name\" key_id=\"1\" signs_from=\"2026-12-01T00:00:00Z\">AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</key>"})
    void aKeySetWithAnImpossiblePeerIsMalformed(String element) {
        String document = "<CIERS response_type=\"keys\"><authority>ciers</authority>" + element.replace(">S<", ">" + SENDER + "<") + "</CIERS>";
        assertThatThrownBy(() -> xml.readResponse(document.getBytes(StandardCharsets.UTF_8))).isInstanceOf(MalformedCiersException.class);
    }

    static Stream<CiersMessage> everyMessage() {
        return Stream.of(
            new AuthToSendRequest(SENDER, PASSPHRASE, DomainName.of("b.example")),
            new AuthToSendRequest(SENDER, PASSPHRASE, DomainName.of("b.example"), AuthToSendRequest.MAX_COUNT),
            new ValidationReceiptsRequest(RECIPIENT, PASSPHRASE, List.of(
                new ValidationReceiptsRequest.Receipt(MESSAGE_ID, Instant.parse("2026-12-02T10:00:00.123Z")),
                new ValidationReceiptsRequest.Receipt(OTHER_MESSAGE_ID, Instant.parse("2026-12-02T10:00:01Z")))),
            new TrustValueRequest(RECIPIENT, PASSPHRASE, SENDER, MESSAGE_ID),
            ClientResponseRequest.byServer(SENDER, MESSAGE_ID, Verdict.SPAM, RECIPIENT, PASSPHRASE),
            ClientResponseRequest.byToken(SENDER, MESSAGE_ID, Verdict.NOT_SPAM, TOKEN),
            new InitiateSendRequest(SENDER, MESSAGE_ID),
            new AuthToSendResponse.Granted(RECIPIENT, MESSAGE_ID, List.of("mx1.b.example", "mx2.b.example")),
            new AuthToSendResponse.Granted(RECIPIENT, MESSAGE_ID, List.of("mx.b.example")),
            new AuthToSendResponse.Granted(RECIPIENT, MESSAGE_ID, List.of()),
            new AuthToSendResponse.Granted(RECIPIENT, List.of(MESSAGE_ID, OTHER_MESSAGE_ID), List.of("mx.b.example")),
            new ValidationReceiptsResponse.Answered(List.of(
                new ValidationReceiptsResponse.ReceiptOutcome(MESSAGE_ID, ValidationReceiptsResponse.Outcome.COUNTED),
                new ValidationReceiptsResponse.ReceiptOutcome(OTHER_MESSAGE_ID, ValidationReceiptsResponse.Outcome.DUPLICATE),
                new ValidationReceiptsResponse.ReceiptOutcome(MESSAGE_ID, ValidationReceiptsResponse.Outcome.INVALID))),
            new ValidationReceiptsResponse.NotAuthorized(),
            new KeysResponse(AuthorityName.of("ciers"), List.of(
                new KeysResponse.PublicKey(1, new byte[32], Instant.parse("2026-12-01T00:00:00Z"), Optional.of(Instant.parse("2026-12-03T00:00:00Z"))),
                new KeysResponse.PublicKey(-2, filled(32, (byte) 7), Instant.parse("2026-12-02T00:00:00Z"), Optional.empty()))),
            new KeysResponse(AuthorityName.of("ciers"), List.of(
                new KeysResponse.PublicKey(1, new byte[32], Instant.parse("2026-12-01T00:00:00Z"), Optional.empty())),
                List.of(SENDER, RECIPIENT)),
            // a peer's relayed keys and suspended senders keep their authority; a peer with keys and none suspended too
            new KeysResponse(AuthorityName.of("ciers-b"), List.of(
                new KeysResponse.PublicKey(1, new byte[32], Instant.parse("2026-12-01T00:00:00Z"), Optional.empty())),
                List.of(RECIPIENT), List.of(
                    new KeysResponse.PeerKeys(AuthorityName.of("ciers-a"), List.of(
                        new KeysResponse.PublicKey(1, filled(32, (byte) 3), Instant.parse("2026-12-01T00:00:00Z"), Optional.empty())),
                        List.of(SENDER)),
                    new KeysResponse.PeerKeys(AuthorityName.of("ciers-c"), List.of(
                        new KeysResponse.PublicKey(9, filled(32, (byte) 4), Instant.parse("2026-12-01T00:00:00Z"), Optional.empty())),
                        List.of()))),
            new AuthToSendResponse.DomainInvalid(),
            new AuthToSendResponse.NotAuthorized(),
            new TrustValueResponse.ValidTransmission(SENDER, DomainName.of("a.example"), TrustValue.parse("18.75"), TOKEN),
            new TrustValueResponse.InvalidTransmission(),
            new TrustValueResponse.NotAuthorized(),
            new ClientResponseResponse.ResponseAccepted(),
            new ClientResponseResponse.ResponseDenied(),
            new InitiateSendResponse.RequestAccepted(),
            new InitiateSendResponse.RequestDenied(),
            new ErrorResponse.MalformedRequest(),
            new ErrorResponse.RateLimited(),
            new ErrorResponse.Unavailable());
    }

    @ParameterizedTest
    @MethodSource("everyMessage")
    void everyMessageSurvivesARoundTrip(CiersMessage message) throws Exception {
        byte[] written = xml.write(message);
        CiersMessage read = message instanceof CiersRequest ? xml.readRequest(written) : xml.readResponse(written);
        assertThat(read).usingRecursiveComparison().isEqualTo(message);
    }

    @Nested
    class SurvivingExamples {
        @Test
        void domainInvalid() {
            assertThat(xml.writeAsString(new AuthToSendResponse.DomainInvalid()))
                .isEqualTo("<CIERS response_type=\"auth_to_send\"><domain_invalid/></CIERS>");
        }

        @Test
        void invalidTransmission() {
            assertThat(xml.writeAsString(new TrustValueResponse.InvalidTransmission()))
                .isEqualTo("<CIERS response_type=\"trust_value\"><invalid_transmission/></CIERS>");
        }

        @Test
        void requestAccepted() {
            assertThat(xml.writeAsString(new InitiateSendResponse.RequestAccepted()))
                .isEqualTo("<CIERS response_type=\"initiate_send\"><request_accepted/></CIERS>");
        }

        @Test
        void requestDenied() {
            assertThat(xml.writeAsString(new InitiateSendResponse.RequestDenied()))
                .isEqualTo("<CIERS response_type=\"initiate_send\"><request_denied/></CIERS>");
        }

        @Test
        void responseAccepted() {
            assertThat(xml.writeAsString(new ClientResponseResponse.ResponseAccepted()))
                .isEqualTo("<CIERS response_type=\"client_response\"><response_accepted/></CIERS>");
        }

        @Test
        void responseDenied() {
            assertThat(xml.writeAsString(new ClientResponseResponse.ResponseDenied()))
                .isEqualTo("<CIERS response_type=\"client_response\"><response_denied/></CIERS>");
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "<CIERS response_type=\"auth_to_send\"><domain_invalid/></CIERS>",
            "<CIERS response_type=\"trust_value\"><invalid_transmission/></CIERS>",
            "<CIERS response_type=\"initiate_send\"><request_accepted/></CIERS>",
            "<CIERS response_type=\"initiate_send\"><request_denied/></CIERS>",
            "<CIERS response_type=\"client_response\"><response_accepted/></CIERS>",
            "<CIERS response_type=\"client_response\"><response_denied/></CIERS>"})
        void readBackAndWrittenAgainUnchanged(String example) throws Exception {
            CiersMessage read = xml.readResponse(example.getBytes(StandardCharsets.UTF_8));
            assertThat(xml.writeAsString(read)).isEqualTo(example);
        }
    }

    @Test
    void validTransmissionHasTheSpecOrder() {
        String written = xml.writeAsString(new TrustValueResponse.ValidTransmission(SENDER, DomainName.of("a.example"), TrustValue.parse("20"), TOKEN));
        assertThat(written).isEqualTo("<CIERS response_type=\"trust_value\"><valid_transmission/>"
            + "<sender_server_id>AAAAAAAAAAAAAAAAAAA1</sender_server_id><sender_domain>a.example</sender_domain>"
            + "<trust_value>20</trust_value><report_token>tok_0123456789abcdef</report_token></CIERS>");
    }

    @Test
    void grantedListsMxHostsInAWrapper() {
        String written = xml.writeAsString(new AuthToSendResponse.Granted(RECIPIENT, MESSAGE_ID, List.of("mx1.b.example", "mx2.b.example")));
        assertThat(written).isEqualTo("<CIERS response_type=\"auth_to_send\"><recipient_server_id>BBBBBBBBBBBBBBBBBBB2</recipient_server_id>"
            + "<message_id>ciers.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567</message_id>"
            + "<mx_servers><mx>mx1.b.example</mx><mx>mx2.b.example</mx></mx_servers></CIERS>");
    }

    @Test
    void initiateSendIsOneLine() {
        assertThat(xml.writeAsString(new InitiateSendRequest(SENDER, MESSAGE_ID)))
            .isEqualTo("<CIERS request_type=\"initiate_send\"><server_id>AAAAAAAAAAAAAAAAAAA1</server_id>"
                + "<message_id>ciers.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567</message_id></CIERS>");
    }

    @Test
    void readingToleratesWhitespaceAndADeclaration() throws Exception {
        String document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CIERS request_type=\"auth_to_send\">\n"
            + "  <server_id>AAAAAAAAAAAAAAAAAAA1</server_id>\n  <passphrase>p4ssphr4sep4ssphr4se</passphrase>\n"
            + "  <recipient_domain>B.Example</recipient_domain>\n</CIERS>\n";
        AuthToSendRequest request = xml.readRequest(bytes(document), AuthToSendRequest.class);
        assertThat(request.recipientDomain()).isEqualTo(DomainName.of("b.example"));
    }

    @Test
    void writtenRequestsNeverShowThePassphraseInToString() {
        assertThat(new AuthToSendRequest(SENDER, PASSPHRASE, DomainName.of("b.example")).toString())
            .doesNotContain(PASSPHRASE.reveal());
    }

    @Nested
    class Refused {
        @ParameterizedTest
        @ValueSource(strings = {
            // DTD with an external entity (XXE)
            "<?xml version=\"1.0\"?><!DOCTYPE CIERS [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<CIERS request_type=\"auth_to_send\"><server_id>&xxe;</server_id></CIERS>",
            // an external DTD
            "<!DOCTYPE CIERS SYSTEM \"http://127.0.0.1:1/evil.dtd\"><CIERS request_type=\"auth_to_send\"/>",
            // a harmless-looking internal DTD is refused all the same
            "<!DOCTYPE CIERS><CIERS request_type=\"auth_to_send\"><server_id>AAAAAAAAAAAAAAAAAAA1</server_id>"
                + "<passphrase>p4ssphr4sep4ssphr4se</passphrase><recipient_domain>b.example</recipient_domain></CIERS>",
            // billion laughs
            "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]><CIERS request_type=\"auth_to_send\">&lol3;</CIERS>",
            // an undeclared entity
            "<CIERS request_type=\"auth_to_send\"><server_id>&xxe;</server_id></CIERS>",
            // not well-formed
            "<CIERS request_type=\"auth_to_send\"><server_id>AAAAAAAAAAAAAAAAAAA1</CIERS>",
            "<CIERS request_type=\"auth_to_send\">",
            "not xml at all",
            // wrong root
            "<ciers request_type=\"auth_to_send\"/>",
            "<OTHER request_type=\"auth_to_send\"/>",
            // unknown or missing type
            "<CIERS request_type=\"steal_everything\"/>",
            "<CIERS><server_id>AAAAAAAAAAAAAAAAAAA1</server_id></CIERS>",
            "<CIERS request_type=\"error\"><malformed_request/></CIERS>",
            // missing and invalid fields
            "<CIERS request_type=\"auth_to_send\"><server_id>AAAAAAAAAAAAAAAAAAA1</server_id></CIERS>",
            "<CIERS request_type=\"auth_to_send\"><server_id>short</server_id><passphrase>p4ssphr4sep4ssphr4se</passphrase>"
                + "<recipient_domain>b.example</recipient_domain></CIERS>",
            "<CIERS request_type=\"auth_to_send\"><server_id>AAAAAAAAAAAAAAAAAAA1</server_id><passphrase>p4ssphr4sep4ssphr4se</passphrase>"
                + "<recipient_domain>not a domain</recipient_domain></CIERS>",
            // a field twice, a field with children
            "<CIERS request_type=\"initiate_send\"><server_id>AAAAAAAAAAAAAAAAAAA1</server_id><server_id>AAAAAAAAAAAAAAAAAAA1</server_id>"
                + "<message_id>ciers.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567</message_id></CIERS>",
            "<CIERS request_type=\"initiate_send\"><server_id><x>AAAAAAAAAAAAAAAAAAA1</x></server_id>"
                + "<message_id>ciers.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567</message_id></CIERS>",
            // deep nesting
            "<CIERS request_type=\"initiate_send\"><a><b><c><d><e>x</e></d></c></b></a></CIERS>",
            // client_response without any credentials, or half of them
            "<CIERS request_type=\"client_response\"><sender_server_id>AAAAAAAAAAAAAAAAAAA1</sender_server_id>"
                + "<message_id>ciers.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567</message_id><verdict>spam</verdict></CIERS>",
            "<CIERS request_type=\"client_response\"><sender_server_id>AAAAAAAAAAAAAAAAAAA1</sender_server_id>"
                + "<message_id>ciers.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567</message_id><verdict>spam</verdict>"
                + "<server_id>BBBBBBBBBBBBBBBBBBB2</server_id></CIERS>",
            "<CIERS request_type=\"client_response\"><sender_server_id>AAAAAAAAAAAAAAAAAAA1</sender_server_id>"
                + "<message_id>ciers.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567</message_id><verdict>maybe</verdict>"
                + "<report_token>tok_0123456789abcdef</report_token></CIERS>",
            ""})
        void requests(String document) {
            assertThatThrownBy(() -> xml.readRequest(bytes(document)))
                .isInstanceOf(MalformedCiersException.class);
        }

        @Test
        void aDocumentOver64KiB() {
            String padding = " ".repeat(CiersXml.MAX_DOCUMENT_BYTES);
            String document = "<CIERS request_type=\"initiate_send\"><server_id>AAAAAAAAAAAAAAAAAAA1</server_id>"
                + "<message_id>ciers.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567</message_id>" + padding + "</CIERS>";
            assertThatThrownBy(() -> xml.readRequest(bytes(document)))
                .isInstanceOf(MalformedCiersException.class)
                .hasMessageContaining("larger");
        }

        @Test
        void binaryJunk() {
            Random random = new Random(42);
            for (int i = 0; i < 500; i++) {
                byte[] junk = new byte[1 + random.nextInt(2048)];
                random.nextBytes(junk);
                assertThatThrownBy(() -> xml.readRequest(junk)).isInstanceOf(MalformedCiersException.class);
            }
        }

        @Test
        void aRequestOfTheWrongType() {
            byte[] initiateSend = xml.write(new InitiateSendRequest(SENDER, MESSAGE_ID));
            assertThatThrownBy(() -> xml.readRequest(initiateSend, AuthToSendRequest.class))
                .isInstanceOf(MalformedCiersException.class);
        }

        @Test
        void errorsNeverEchoThePassphrase() {
            String document = "<CIERS request_type=\"auth_to_send\"><server_id>AAAAAAAAAAAAAAAAAAA1</server_id>"
                + "<passphrase>p4ssphr4sep4ssphr4se</passphrase><recipient_domain>bad domain</recipient_domain></CIERS>";
            assertThatThrownBy(() -> xml.readRequest(bytes(document)))
                .isInstanceOf(MalformedCiersException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("p4ssphr4se"));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
