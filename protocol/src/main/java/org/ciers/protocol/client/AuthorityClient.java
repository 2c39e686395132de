package org.ciers.protocol.client;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.CiersRequest;
import org.ciers.protocol.message.CiersResponse;
import org.ciers.protocol.message.ClientResponseRequest;
import org.ciers.protocol.message.ClientResponseResponse;
import org.ciers.protocol.message.ErrorResponse;
import org.ciers.protocol.message.KeysResponse;
import org.ciers.protocol.message.MessageType;
import org.ciers.protocol.message.TrustValueRequest;
import org.ciers.protocol.message.TrustValueResponse;
import org.ciers.protocol.message.ValidationReceiptsRequest;
import org.ciers.protocol.message.ValidationReceiptsResponse;
import org.ciers.protocol.xml.CiersXml;
import org.ciers.protocol.xml.MalformedCiersException;

/**
 * The SMTA's and RMTA's way to the authority: {@code POST <base>/ciers/v1/<request_type>} with
 * XML bodies over one shared HTTP/1.1 client, whose pool keeps connections alive between
 * requests so that the CIERS step costs a round trip, not a TCP and TLS handshake.
 */
public final class AuthorityClient {
    public static final String PROTOCOL_PATH = "/ciers/v1/";
    private static final String XML = "application/xml";

    /**
     * @param baseUrl     the authority's protocol base, e.g. {@code https://authority.example:8000}; plain
     *                    {@code http} only to a loopback address literal (tests): passphrases cross it
     * @param timeout     how long one request may take before the authority counts as unavailable
     * @param sslContext  trust for the authority's certificate; empty: the JVM's default
     */
    public record Settings(URI baseUrl, Duration timeout, Optional<SSLContext> sslContext) {
        public Settings {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(sslContext, "sslContext");
            if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
                throw new IllegalArgumentException("the authority URL must be https (http only on loopback): " + baseUrl);
            }
            if ("http".equals(baseUrl.getScheme()) && !isLoopback(baseUrl.getHost())) {
                throw new IllegalArgumentException("the authority URL must be https: passphrases would cross the network in the clear"
                    + " (http only to a loopback address such as 127.0.0.1 or [::1]): " + baseUrl);
            }
        }
    }

    /** A loopback address literal; never a name, which a resolver could point anywhere. */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equals("::1") || bare.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        String[] octets = bare.split("\\.");
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String octet : octets) {
            if (!octet.matches("[0-9]{1,3}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    private final Settings settings;
    private final KeepAliveHttp http;
    private final CiersXml xml;

    public AuthorityClient(Settings settings, CiersXml xml) {
        this.settings = settings;
        this.xml = xml;
        this.http = new KeepAliveHttp(settings.baseUrl(), settings.sslContext().orElseGet(AuthorityClient::defaultTls));
    }

    /**
     * @throws AuthorityUnavailableException the authority did not answer within the timeout, or not with CIERS
     * @throws AuthorityRejectedException    the authority answered with a CIERS error document
     */
    public AuthToSendResponse authToSend(AuthToSendRequest request) {
        return post(request, AuthToSendResponse.class);
    }

    /** Same failures as {@link #authToSend}. */
    public TrustValueResponse trustValue(TrustValueRequest request) {
        return post(request, TrustValueResponse.class);
    }

    /** Same failures as {@link #authToSend}. */
    public ClientResponseResponse clientResponse(ClientResponseRequest request) {
        return post(request, ClientResponseResponse.class);
    }

    /** Same failures as {@link #authToSend}. */
    public ValidationReceiptsResponse validationReceipts(ValidationReceiptsRequest request) {
        return post(request, ValidationReceiptsResponse.class);
    }

    /** The authority's key set ({@code GET /ciers/v1/keys}); same failures as {@link #authToSend}. */
    public KeysResponse keys() {
        try {
            return decode(http.get(path(MessageType.KEYS), XML, settings.timeout()), KeysResponse.class);
        } catch (AuthorityUnavailableException | AuthorityRejectedException answered) {
            throw answered;
        } catch (IOException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    /** One request on the caller's thread (see {@link KeepAliveHttp}), bounded by the settings' timeout. */
    private <T extends CiersResponse> T post(CiersRequest request, Class<T> expected) {
        try {
            KeepAliveHttp.Response response = http.post(path(request.type()), XML, xml.write(request), settings.timeout());
            return decode(response, expected);
        } catch (AuthorityUnavailableException | AuthorityRejectedException answered) {
            throw answered;
        } catch (IOException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    private String path(MessageType type) {
        String base = settings.baseUrl().getRawPath();
        String trimmed = base == null ? "" : base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return trimmed + PROTOCOL_PATH + type.wireName();
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 17 runtime has a default TLS context", e);
        }
    }

    private <T extends CiersResponse> T decode(KeepAliveHttp.Response response, Class<T> expected) {
        if (response.status() >= 500) {
            throw new AuthorityUnavailableException("authority answered HTTP " + response.status());
        }
        CiersResponse decoded;
        try {
            decoded = xml.readResponse(response.body());
        } catch (MalformedCiersException e) {
            throw new AuthorityUnavailableException("authority answered HTTP " + response.status() + " without a CIERS document", e);
        }
        if (decoded instanceof ErrorResponse error) {
            throw new AuthorityRejectedException(error, response.status());
        }
        if (!expected.isInstance(decoded)) {
            throw new AuthorityUnavailableException("authority answered " + decoded.type().wireName() + " to a " + expected.getSimpleName());
        }
        return expected.cast(decoded);
    }

    private static AuthorityUnavailableException unavailable(Throwable failure) {
        Throwable cause = failure;
        if (cause instanceof SocketTimeoutException) {
            return new AuthorityUnavailableException("authority did not answer in time", cause);
        }
        return new AuthorityUnavailableException("authority unreachable: " + cause.getClass().getSimpleName(), cause);
    }
}
