package org.ciers.protocol.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.net.ssl.SSLContext;

import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.CiersRequest;
import org.ciers.protocol.message.CiersResponse;
import org.ciers.protocol.message.ClientResponseRequest;
import org.ciers.protocol.message.ClientResponseResponse;
import org.ciers.protocol.message.ErrorResponse;
import org.ciers.protocol.message.TrustValueRequest;
import org.ciers.protocol.message.TrustValueResponse;
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
     * @param baseUrl     the authority's protocol base, e.g. {@code https://authority.example:8000}
     * @param timeout     how long one request may take before the authority counts as unavailable
     * @param sslContext  trust for the authority's certificate; empty: the JVM's default
     */
    public record Settings(URI baseUrl, Duration timeout, Optional<SSLContext> sslContext) {
        public Settings {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(sslContext, "sslContext");
            if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
                throw new IllegalArgumentException("the authority URL must be http or https: " + baseUrl);
            }
        }
    }

    private final Settings settings;
    private final HttpClient http;
    private final CiersXml xml;

    public AuthorityClient(Settings settings, CiersXml xml) {
        this.settings = settings;
        this.xml = xml;
        HttpClient.Builder builder = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.timeout());
        settings.sslContext().ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    public CompletableFuture<AuthToSendResponse> authToSend(AuthToSendRequest request) {
        return post(request, AuthToSendResponse.class);
    }

    public CompletableFuture<TrustValueResponse> trustValue(TrustValueRequest request) {
        return post(request, TrustValueResponse.class);
    }

    public CompletableFuture<ClientResponseResponse> clientResponse(ClientResponseRequest request) {
        return post(request, ClientResponseResponse.class);
    }

    private <T extends CiersResponse> CompletableFuture<T> post(CiersRequest request, Class<T> expected) {
        HttpRequest httpRequest = HttpRequest.newBuilder(endpoint(request))
            .timeout(settings.timeout())
            .header("Content-Type", XML)
            .header("Accept", XML)
            .POST(HttpRequest.BodyPublishers.ofByteArray(xml.write(request)))
            .build();
        return http.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofByteArray())
            .handle((response, failure) -> {
                if (failure != null) {
                    throw unavailable(failure);
                }
                return decode(response, expected);
            });
    }

    private URI endpoint(CiersRequest request) {
        String base = settings.baseUrl().toString();
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return URI.create(trimmed + PROTOCOL_PATH + request.type().wireName());
    }

    private <T extends CiersResponse> T decode(HttpResponse<byte[]> response, Class<T> expected) {
        if (response.statusCode() >= 500) {
            throw new AuthorityUnavailableException("authority answered HTTP " + response.statusCode());
        }
        CiersResponse decoded;
        try {
            decoded = xml.readResponse(response.body());
        } catch (MalformedCiersException e) {
            throw new AuthorityUnavailableException("authority answered HTTP " + response.statusCode() + " without a CIERS document", e);
        }
        if (decoded instanceof ErrorResponse error) {
            throw new AuthorityRejectedException(error, response.statusCode());
        }
        if (!expected.isInstance(decoded)) {
            throw new AuthorityUnavailableException("authority answered " + decoded.type().wireName() + " to a " + expected.getSimpleName());
        }
        return expected.cast(decoded);
    }

    private static AuthorityUnavailableException unavailable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof HttpTimeoutException) {
            return new AuthorityUnavailableException("authority did not answer in time", cause);
        }
        return new AuthorityUnavailableException("authority unreachable: " + cause.getClass().getSimpleName(), cause);
    }
}
