package org.ciers.protocol.xml;

import java.nio.charset.StandardCharsets;
import java.util.List;
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
import org.ciers.protocol.message.MessageType;
import org.ciers.protocol.message.TrustValueRequest;
import org.ciers.protocol.message.TrustValueResponse;
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
            element(out, MESSAGE_ID, m.messageId().asString());
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
        } else if (message instanceof AuthToSendResponse.NotAuthorized || message instanceof TrustValueResponse.NotAuthorized) {
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
                required(root, RECIPIENT_DOMAIN, DomainName::of));
            case TRUST_VALUE -> new TrustValueRequest(
                required(root, SERVER_ID, ServerId::of),
                required(root, PASSPHRASE, Passphrase::of),
                required(root, SENDER_SERVER_ID, ServerId::of),
                required(root, MESSAGE_ID, MessageId::of));
            case CLIENT_RESPONSE -> clientResponse(root);
            case INITIATE_SEND -> new InitiateSendRequest(
                required(root, SERVER_ID, ServerId::of),
                required(root, MESSAGE_ID, MessageId::of));
            case ERROR -> throw new MalformedCiersException("error is not a request type");
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
        MessageId messageId = required(root, MESSAGE_ID, MessageId::of);
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
                    required(root, MESSAGE_ID, MessageId::of),
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
        try {
            return Optional.of(factory.apply(text.get()));
        } catch (IllegalArgumentException e) {
            throw new MalformedCiersException("invalid " + field + ": " + e.getMessage());
        }
    }
}
