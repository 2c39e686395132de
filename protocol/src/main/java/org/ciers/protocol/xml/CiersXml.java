package org.ciers.protocol.xml;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import javax.xml.stream.XMLInputFactory;

import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.CiersMessage;
import org.ciers.protocol.message.CiersRequest;
import org.ciers.protocol.message.CiersResponse;
import org.ciers.protocol.message.ClientResponseRequest;
import org.ciers.protocol.message.ClientResponseResponse;
import org.ciers.protocol.message.ErrorResponse;
import org.ciers.protocol.message.InitiateSendRequest;
import org.ciers.protocol.message.InitiateSendResponse;
import org.ciers.protocol.message.KeysResponse;
import org.ciers.protocol.message.MessageType;
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


/**
 * Reads {@code <CIERS>} documents (spec §4 and the SMTP initiate_send line) in one streaming pass
 * of a hardened Woodstox reader, and writes them with a string builder: both sit on the authority's
 * hot path, where a general object mapper cost more than the rest of a request. Element names and
 * order are those of the spec; the six surviving example shapes come out byte for byte.
 * Thread-safe; share one instance.
 */
public final class CiersXml {
    public static final int MAX_DOCUMENT_BYTES = 64 * 1024;

    static final String REQUEST_TYPE = "request_type";
    static final String RESPONSE_TYPE = "response_type";
    static final String SERVER_ID = "server_id";
    static final String PASSPHRASE = "passphrase";
    static final String RECIPIENT_DOMAIN = "recipient_domain";
    static final String RECIPIENT_SERVER_ID = "recipient_server_id";
    static final String SENDER_SERVER_ID = "sender_server_id";
    static final String SENDER_DOMAIN = "sender_domain";
    static final String MESSAGE_ID = "message_id";
    static final String MX_SERVERS = "mx_servers";
    static final String MX = "mx";
    static final String VERDICT = "verdict";
    static final String TRUST_VALUE = "trust_value";
    static final String REPORT_TOKEN = "report_token";
    static final String DOMAIN_INVALID = "domain_invalid";
    static final String NOT_AUTHORIZED = "not_authorized";
    static final String VALID_TRANSMISSION = "valid_transmission";
    static final String INVALID_TRANSMISSION = "invalid_transmission";
    static final String RESPONSE_ACCEPTED = "response_accepted";
    static final String RESPONSE_DENIED = "response_denied";
    static final String REQUEST_ACCEPTED = "request_accepted";
    static final String REQUEST_DENIED = "request_denied";
    static final String MALFORMED_REQUEST = "malformed_request";
    static final String RATE_LIMITED = "rate_limited";
    static final String UNAVAILABLE = "unavailable";
    static final String COUNT = "count";
    static final String VALIDATED_AT = "validated_at";
    static final String OUTCOME = "outcome";
    static final String AUTHORITY = "authority";
    static final String KEY = "key";
    static final String KEY_ID = "key_id";
    static final String SIGNS_FROM = "signs_from";
    static final String LISTED_UNTIL = "listed_until";
    static final String SUSPENDED_SERVER_ID = "suspended_server_id";
    private static final Base64.Encoder KEY_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder KEY_DECODER = Base64.getUrlDecoder();

    private final XMLInputFactory inputFactory;

    public CiersXml() {
        // Woodstox by name: James's class path carries other StAX implementations
        this.inputFactory = HardenedXml.inputFactory();
    }

    // ---------------------------------------------------------------- writing

    public byte[] write(CiersMessage message) {
        return writeAsString(message).getBytes(StandardCharsets.UTF_8);
    }

    public String writeAsString(CiersMessage message) {
        StringBuilder out = new StringBuilder(256)
            .append('<').append(HardenedXml.ROOT).append(' ')
            .append(message instanceof CiersRequest ? REQUEST_TYPE : RESPONSE_TYPE)
            .append("=\"").append(message.type().wireName()).append("\">");
        writeChildren(out, message);
        return out.append("</").append(HardenedXml.ROOT).append('>').toString();
    }

    private static void writeChildren(StringBuilder out, CiersMessage message) {
        if (message instanceof AuthToSendRequest m) {
            element(out, SERVER_ID, m.serverId().asString());
            element(out, PASSPHRASE, m.passphrase().reveal());
            element(out, RECIPIENT_DOMAIN, m.recipientDomain().asString());
            if (m.count() != 1) {
                element(out, COUNT, Integer.toString(m.count()));
            }
        } else if (message instanceof ValidationReceiptsRequest m) {
            element(out, SERVER_ID, m.serverId().asString());
            element(out, PASSPHRASE, m.passphrase().reveal());
            for (ValidationReceiptsRequest.Receipt receipt : m.receipts()) {
                element(out, MESSAGE_ID, VALIDATED_AT, receipt.validatedAt().toString(), receipt.messageId().asString());
            }
        } else if (message instanceof ValidationReceiptsResponse.Answered m) {
            for (ValidationReceiptsResponse.ReceiptOutcome outcome : m.outcomes()) {
                element(out, MESSAGE_ID, OUTCOME, outcome.outcome().wireName(), outcome.messageId().asString());
            }
        } else if (message instanceof KeysResponse m) {
            element(out, AUTHORITY, m.authority().asString());
            writeKeys(out, Optional.empty(), m.keys(), m.suspendedSenders());
            for (KeysResponse.PeerKeys peer : m.peers()) {
                writeKeys(out, Optional.of(peer.authority()), peer.keys(), peer.suspendedSenders());
            }
        } else if (message instanceof TrustValueRequest m) {
            element(out, SERVER_ID, m.serverId().asString());
            element(out, PASSPHRASE, m.passphrase().reveal());
            element(out, SENDER_SERVER_ID, m.senderServerId().asString());
            element(out, MESSAGE_ID, m.messageId().asString());
        } else if (message instanceof ClientResponseRequest m) {
            element(out, SENDER_SERVER_ID, m.senderServerId().asString());
            element(out, MESSAGE_ID, m.messageId().asString());
            element(out, VERDICT, m.verdict().wireName());
            if (m.credentials().isPresent()) {
                element(out, SERVER_ID, m.credentials().get().serverId().asString());
                element(out, PASSPHRASE, m.credentials().get().passphrase().reveal());
            }
            if (m.reportToken().isPresent()) {
                element(out, REPORT_TOKEN, m.reportToken().get().reveal());
            }
        } else if (message instanceof InitiateSendRequest m) {
            element(out, SERVER_ID, m.serverId().asString());
            element(out, MESSAGE_ID, m.messageId().asString());
        } else if (message instanceof AuthToSendResponse.Granted m) {
            element(out, RECIPIENT_SERVER_ID, m.recipientServerId().asString());
            for (MessageId messageId : m.messageIds()) {
                element(out, MESSAGE_ID, messageId.asString());
            }
            if (m.mxServers().isEmpty()) {
                marker(out, MX_SERVERS);
            } else {
                out.append('<').append(MX_SERVERS).append('>');
                for (String mx : m.mxServers()) {
                    element(out, MX, mx);
                }
                out.append("</").append(MX_SERVERS).append('>');
            }
        } else if (message instanceof TrustValueResponse.ValidTransmission m) {
            marker(out, VALID_TRANSMISSION);
            element(out, SENDER_SERVER_ID, m.senderServerId().asString());
            element(out, SENDER_DOMAIN, m.senderDomain().asString());
            element(out, TRUST_VALUE, m.trustValue().asString());
            element(out, REPORT_TOKEN, m.reportToken().reveal());
        } else {
            marker(out, markerOf(message));
        }
    }

    private static void element(StringBuilder out, String name, String text) {
        out.append('<').append(name).append('>');
        escape(out, text);
        out.append("</").append(name).append('>');
    }

    /**
     * Keys and suspended senders of one authority: its own without an {@code authority} attribute,
     * a relayed peer's each with the peer's name (a flat list, as every CIERS document is).
     */
    private static void writeKeys(StringBuilder out, Optional<AuthorityName> relayedFor, List<KeysResponse.PublicKey> keys,
                                  List<ServerId> suspendedSenders) {
        for (KeysResponse.PublicKey key : keys) {
            out.append('<').append(KEY);
            relayedFor.ifPresent(peer -> attribute(out, AUTHORITY, peer.asString()));
            attribute(out, KEY_ID, Integer.toUnsignedString(key.keyId()));
            attribute(out, SIGNS_FROM, key.signsFrom().toString());
            key.listedUntil().ifPresent(until -> attribute(out, LISTED_UNTIL, until.toString()));
            out.append('>').append(KEY_ENCODER.encodeToString(key.encoded())).append("</").append(KEY).append('>');
        }
        for (ServerId suspended : suspendedSenders) {
            if (relayedFor.isPresent()) {
                element(out, SUSPENDED_SERVER_ID, AUTHORITY, relayedFor.get().asString(), suspended.asString());
            } else {
                element(out, SUSPENDED_SERVER_ID, suspended.asString());
            }
        }
    }

    /** An element with one attribute; attribute values are instants, numbers and outcome names. */
    private static void element(StringBuilder out, String name, String attribute, String value, String text) {
        out.append('<').append(name);
        attribute(out, attribute, value);
        out.append('>');
        escape(out, text);
        out.append("</").append(name).append('>');
    }

    private static void attribute(StringBuilder out, String name, String value) {
        out.append(' ').append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("&quot;");
                case '<' -> out.append("&lt;");
                case '&' -> out.append("&amp;");
                default -> out.append(c);
            }
        }
        out.append('"');
    }

    private static void marker(StringBuilder out, String name) {
        out.append('<').append(name).append("/>");
    }

    private static void escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                default -> out.append(c);
            }
        }
    }

    private static String markerOf(CiersMessage message) {
        if (message instanceof AuthToSendResponse.DomainInvalid) {
            return DOMAIN_INVALID;
        } else if (message instanceof AuthToSendResponse.NotAuthorized || message instanceof TrustValueResponse.NotAuthorized
            || message instanceof ValidationReceiptsResponse.NotAuthorized) {
            return NOT_AUTHORIZED;
        } else if (message instanceof TrustValueResponse.InvalidTransmission) {
            return INVALID_TRANSMISSION;
        } else if (message instanceof ClientResponseResponse.ResponseAccepted) {
            return RESPONSE_ACCEPTED;
        } else if (message instanceof ClientResponseResponse.ResponseDenied) {
            return RESPONSE_DENIED;
        } else if (message instanceof InitiateSendResponse.RequestAccepted) {
            return REQUEST_ACCEPTED;
        } else if (message instanceof InitiateSendResponse.RequestDenied) {
            return REQUEST_DENIED;
        } else if (message instanceof ErrorResponse.MalformedRequest) {
            return MALFORMED_REQUEST;
        } else if (message instanceof ErrorResponse.RateLimited) {
            return RATE_LIMITED;
        } else if (message instanceof ErrorResponse.Unavailable) {
            return UNAVAILABLE;
        }
        throw new IllegalArgumentException("no wire form for " + message.getClass().getSimpleName());
    }

    // ---------------------------------------------------------------- reading

    /** Reads any request; which types a caller accepts is the caller's business. */
    public CiersRequest readRequest(byte[] document) throws MalformedCiersException {
        CiersDocument root = parse(document);
        MessageType type = type(root, REQUEST_TYPE);
        return switch (type) {
            case AUTH_TO_SEND -> new AuthToSendRequest(
                required(root, SERVER_ID, ServerId::of),
                required(root, PASSPHRASE, Passphrase::of),
                required(root, RECIPIENT_DOMAIN, DomainName::of),
                optional(root, COUNT, CiersXml::count).orElse(1));
            case TRUST_VALUE -> new TrustValueRequest(
                required(root, SERVER_ID, ServerId::of),
                required(root, PASSPHRASE, Passphrase::of),
                required(root, SENDER_SERVER_ID, ServerId::of),
                required(root, MESSAGE_ID, MessageId::presented));
            case CLIENT_RESPONSE -> clientResponse(root);
            case INITIATE_SEND -> new InitiateSendRequest(
                required(root, SERVER_ID, ServerId::of),
                required(root, MESSAGE_ID, MessageId::of));
            case VALIDATION_RECEIPTS -> new ValidationReceiptsRequest(
                required(root, SERVER_ID, ServerId::of),
                required(root, PASSPHRASE, Passphrase::of),
                receipts(root));
            case KEYS, ERROR -> throw new MalformedCiersException(type.wireName() + " is not a request type");
        };
    }

    /** Reads a request and insists on its type. */
    public <T extends CiersRequest> T readRequest(byte[] document, Class<T> expected) throws MalformedCiersException {
        CiersRequest request = readRequest(document);
        if (!expected.isInstance(request)) {
            throw new MalformedCiersException("unexpected request_type " + request.type().wireName());
        }
        return expected.cast(request);
    }

    private ClientResponseRequest clientResponse(CiersDocument root) throws MalformedCiersException {
        ServerId sender = required(root, SENDER_SERVER_ID, ServerId::of);
        MessageId messageId = required(root, MESSAGE_ID, MessageId::presented);
        Verdict verdict = required(root, VERDICT, Verdict::fromWire);
        Optional<ServerId> serverId = optional(root, SERVER_ID, ServerId::of);
        Optional<Passphrase> passphrase = optional(root, PASSPHRASE, Passphrase::of);
        Optional<ReportToken> token = optional(root, REPORT_TOKEN, ReportToken::of);
        if (serverId.isPresent() != passphrase.isPresent()) {
            throw new MalformedCiersException("server_id and passphrase go together");
        }
        if (serverId.isEmpty() && token.isEmpty()) {
            throw new MalformedCiersException("server_id and passphrase, or report_token, are required");
        }
        Optional<ClientResponseRequest.ServerCredentials> credentials = serverId
            .map(id -> new ClientResponseRequest.ServerCredentials(id, passphrase.get()));
        return new ClientResponseRequest(sender, messageId, verdict, credentials, token);
    }

    /** Reads any response (the client side of the protocol). */
    public CiersResponse readResponse(byte[] document) throws MalformedCiersException {
        CiersDocument root = parse(document);
        MessageType type = type(root, RESPONSE_TYPE);
        return switch (type) {
            case AUTH_TO_SEND -> {
                if (root.has(DOMAIN_INVALID)) {
                    yield new AuthToSendResponse.DomainInvalid();
                }
                if (root.has(NOT_AUTHORIZED)) {
                    yield new AuthToSendResponse.NotAuthorized();
                }
                yield new AuthToSendResponse.Granted(
                    required(root, RECIPIENT_SERVER_ID, ServerId::of),
                    messageIds(root),
                    mxServers(root));
            }
            case TRUST_VALUE -> {
                if (root.has(INVALID_TRANSMISSION)) {
                    yield new TrustValueResponse.InvalidTransmission();
                }
                if (root.has(NOT_AUTHORIZED)) {
                    yield new TrustValueResponse.NotAuthorized();
                }
                if (!root.has(VALID_TRANSMISSION)) {
                    throw new MalformedCiersException("trust_value response without outcome");
                }
                yield new TrustValueResponse.ValidTransmission(
                    required(root, SENDER_SERVER_ID, ServerId::of),
                    required(root, SENDER_DOMAIN, DomainName::of),
                    required(root, TRUST_VALUE, TrustValue::parse),
                    required(root, REPORT_TOKEN, ReportToken::of));
            }
            case CLIENT_RESPONSE -> outcome(root, RESPONSE_ACCEPTED, new ClientResponseResponse.ResponseAccepted(),
                RESPONSE_DENIED, new ClientResponseResponse.ResponseDenied());
            case INITIATE_SEND -> outcome(root, REQUEST_ACCEPTED, new InitiateSendResponse.RequestAccepted(),
                REQUEST_DENIED, new InitiateSendResponse.RequestDenied());
            case VALIDATION_RECEIPTS -> root.has(NOT_AUTHORIZED) ? new ValidationReceiptsResponse.NotAuthorized()
                : new ValidationReceiptsResponse.Answered(receiptOutcomes(root));
            case KEYS -> keySet(root);
            case ERROR -> root.has(UNAVAILABLE) ? new ErrorResponse.Unavailable()
                : outcome(root, MALFORMED_REQUEST, new ErrorResponse.MalformedRequest(), RATE_LIMITED, new ErrorResponse.RateLimited());
        };
    }

    private static CiersResponse outcome(CiersDocument root, String first, CiersResponse firstResponse,
                                         String second, CiersResponse secondResponse) throws MalformedCiersException {
        if (root.has(first)) {
            return firstResponse;
        }
        if (root.has(second)) {
            return secondResponse;
        }
        throw new MalformedCiersException("response without outcome");
    }

    private CiersDocument parse(byte[] document) throws MalformedCiersException {
        if (document == null || document.length == 0) {
            throw new MalformedCiersException("empty document");
        }
        if (document.length > MAX_DOCUMENT_BYTES) {
            throw new MalformedCiersException("document larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        return HardenedXml.read(inputFactory, document);
    }

    private static MessageType type(CiersDocument root, String attribute) throws MalformedCiersException {
        String type = root.attribute(attribute).orElseThrow(() -> new MalformedCiersException("missing " + attribute));
        return MessageType.fromWire(type).orElseThrow(() -> new MalformedCiersException("unknown " + attribute));
    }

    private static int count(String text) {
        int count;
        try {
            count = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number", e);
        }
        if (count < 1 || count > AuthToSendRequest.MAX_COUNT) {
            throw new IllegalArgumentException("1 to " + AuthToSendRequest.MAX_COUNT);
        }
        return count;
    }

    private static List<MessageId> messageIds(CiersDocument root) throws MalformedCiersException {
        List<MessageId> ids = new ArrayList<>();
        for (CiersDocument.Occurrence occurrence : root.repeated(MESSAGE_ID)) {
            ids.add(value(MESSAGE_ID, occurrence.text(), MessageId::of));
        }
        if (ids.isEmpty()) {
            throw new MalformedCiersException("missing " + MESSAGE_ID);
        }
        return ids;
    }

    private static List<ValidationReceiptsRequest.Receipt> receipts(CiersDocument root) throws MalformedCiersException {
        List<CiersDocument.Occurrence> occurrences = root.repeated(MESSAGE_ID);
        if (occurrences.isEmpty() || occurrences.size() > ValidationReceiptsRequest.MAX_RECEIPTS) {
            throw new MalformedCiersException("a batch holds 1 to " + ValidationReceiptsRequest.MAX_RECEIPTS + " receipts");
        }
        List<ValidationReceiptsRequest.Receipt> receipts = new ArrayList<>(occurrences.size());
        for (CiersDocument.Occurrence occurrence : occurrences) {
            receipts.add(new ValidationReceiptsRequest.Receipt(
                value(MESSAGE_ID, occurrence.text(), MessageId::of),
                value(VALIDATED_AT, requiredAttribute(occurrence, VALIDATED_AT), Instant::parse)));
        }
        return receipts;
    }

    private static List<ValidationReceiptsResponse.ReceiptOutcome> receiptOutcomes(CiersDocument root) throws MalformedCiersException {
        List<ValidationReceiptsResponse.ReceiptOutcome> outcomes = new ArrayList<>();
        for (CiersDocument.Occurrence occurrence : root.repeated(MESSAGE_ID)) {
            outcomes.add(new ValidationReceiptsResponse.ReceiptOutcome(
                value(MESSAGE_ID, occurrence.text(), MessageId::of),
                value(OUTCOME, requiredAttribute(occurrence, OUTCOME), ValidationReceiptsResponse.Outcome::fromWire)));
        }
        return outcomes;
    }

    /** A key set: the authority's own keys and suspended senders, and those it relays, grouped by the peer they name. */
    private static KeysResponse keySet(CiersDocument root) throws MalformedCiersException {
        AuthorityName authority = required(root, AUTHORITY, AuthorityName::of);
        Map<Optional<AuthorityName>, List<KeysResponse.PublicKey>> keys = new LinkedHashMap<>();
        Map<Optional<AuthorityName>, List<ServerId>> suspended = new LinkedHashMap<>();
        keys.put(Optional.empty(), new ArrayList<>());
        suspended.put(Optional.empty(), new ArrayList<>());
        for (CiersDocument.Occurrence occurrence : root.repeated(KEY)) {
            keys.computeIfAbsent(relayedFor(occurrence), any -> new ArrayList<>()).add(new KeysResponse.PublicKey(
                value(KEY_ID, requiredAttribute(occurrence, KEY_ID), Integer::parseUnsignedInt),
                value(KEY, occurrence.text(), KEY_DECODER::decode),
                value(SIGNS_FROM, requiredAttribute(occurrence, SIGNS_FROM), Instant::parse),
                occurrence.attribute(LISTED_UNTIL).isEmpty() ? Optional.empty()
                    : Optional.of(value(LISTED_UNTIL, occurrence.attribute(LISTED_UNTIL).get(), Instant::parse))));
        }
        for (CiersDocument.Occurrence occurrence : root.repeated(SUSPENDED_SERVER_ID)) {
            suspended.computeIfAbsent(relayedFor(occurrence), any -> new ArrayList<>())
                .add(value(SUSPENDED_SERVER_ID, occurrence.text(), ServerId::of));
        }
        List<KeysResponse.PeerKeys> peers = new ArrayList<>();
        for (Optional<AuthorityName> peer : keys.keySet()) {
            if (peer.isPresent()) {
                peers.add(new KeysResponse.PeerKeys(peer.get(), keys.get(peer), suspended.getOrDefault(peer, List.of())));
            }
        }
        if (suspended.keySet().stream().anyMatch(peer -> !keys.containsKey(peer))) {
            throw new MalformedCiersException("a suspended sender of an authority whose keys are not listed");
        }
        try {
            return new KeysResponse(authority, keys.get(Optional.empty()), suspended.get(Optional.empty()), peers);
        } catch (IllegalArgumentException e) {
            throw new MalformedCiersException("invalid key set: " + e.getMessage());
        }
    }

    private static Optional<AuthorityName> relayedFor(CiersDocument.Occurrence occurrence) throws MalformedCiersException {
        Optional<String> name = occurrence.attribute(AUTHORITY);
        return name.isEmpty() ? Optional.empty() : Optional.of(value(AUTHORITY, name.get(), AuthorityName::of));
    }

    private static String requiredAttribute(CiersDocument.Occurrence occurrence, String attribute) throws MalformedCiersException {
        return occurrence.attribute(attribute).orElseThrow(() -> new MalformedCiersException("missing attribute " + attribute));
    }

    /** One field's text made a value; what the value refuses is a malformed document, not a crash. */
    private static <T> T value(String field, String text, Function<String, T> factory) throws MalformedCiersException {
        try {
            return factory.apply(text);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new MalformedCiersException("invalid " + field + ": " + e.getMessage());
        }
    }

    private static List<String> mxServers(CiersDocument root) throws MalformedCiersException {
        return root.grandChildren(MX_SERVERS, MX);
    }

    private static <T> T required(CiersDocument root, String field, Function<String, T> factory) throws MalformedCiersException {
        return optional(root, field, factory)
            .orElseThrow(() -> new MalformedCiersException("missing " + field));
    }

    private static <T> Optional<T> optional(CiersDocument root, String field, Function<String, T> factory) throws MalformedCiersException {
        Optional<String> text = root.text(field);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(value(field, text.get(), factory));
    }
}
