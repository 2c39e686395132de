package org.ciers.authority.federation;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.model.Peer;
import org.ciers.authority.security.TrustedCas;
import org.ciers.authority.signing.SigningKeyCustody;
import org.ciers.authority.web.JsonExchange;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.message.CiersResponse;
import org.ciers.protocol.message.KeysResponse;
import org.ciers.protocol.message.MessageType;
import org.ciers.protocol.xml.CiersXml;
import org.ciers.protocol.xml.MalformedCiersException;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * This authority's requests to its peers, over HTTPS only, trusting the CAs of
 * {@value FederationConfiguration#PEERS_CA} (or the JVM's): a peer's public key set, and the signed
 * peer routes. Every request has {@value FederationConfiguration#REQUEST_TIMEOUT}'s deadline; a
 * refusal or a failure is a {@link PeerException}, for the caller to retry or answer.
 */
@Singleton
public class PeerClient {
    /** The peer routes' base path, served by {@code PeerRoutes}. */
    public static final String PEER_PATH = "/ciers/peer/v1/";
    /** The largest answer read from a peer: a key set is a CIERS document, a JSON answer holds at most a batch's outcomes. */
    static final int MAX_ANSWER_BYTES = CiersXml.MAX_DOCUMENT_BYTES;

    /** A peer that did not answer, answered with an error, or answered what cannot be read. */
    public static class PeerException extends RuntimeException {
        public PeerException(String message) {
            super(message);
        }
    }

    private final HttpClient http;
    private final FederationConfiguration configuration;
    private final AuthorityConfiguration authority;
    private final SigningKeyCustody signingKeys;
    private final CiersXml xml;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public PeerClient(FederationConfiguration configuration, AuthorityConfiguration authority, SigningKeyCustody signingKeys, CiersXml xml,
                      Clock clock) {
        this.configuration = configuration;
        this.authority = authority;
        this.signingKeys = signingKeys;
        this.xml = xml;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(configuration.requestTimeout())
            // a peer's answer never sends us elsewhere
            .followRedirects(HttpClient.Redirect.NEVER)
            .sslContext(TrustedCas.sslContext(configuration.peersCa(), FederationConfiguration.PEERS_CA))
            .build();
    }

    /** The peer's key set, as it publishes it at {@code GET /ciers/v1/keys}. */
    public Mono<KeysResponse> keys(Peer peer) {
        HttpRequest request = HttpRequest.newBuilder(at(peer, AuthorityClient.PROTOCOL_PATH + MessageType.KEYS.wireName()))
            .timeout(configuration.requestTimeout())
            .GET()
            .build();
        return send(request).map(body -> {
            try {
                CiersResponse response = xml.readResponse(body);
                if (response instanceof KeysResponse keys && keys.authority().equals(peer.name())) {
                    return keys;
                }
                throw new PeerException(peer.name() + " answered its key set with " + response.type().wireName() + " of another authority");
            } catch (MalformedCiersException e) {
                throw new PeerException(peer.name() + " answered a malformed key set: " + e.getMessage());
            }
        });
    }

    /** A signed request to one of the peer's routes, its JSON answer read as {@code answer}. */
    public <T> Mono<T> post(Peer peer, String route, Object body, Class<T> answer) {
        byte[] json = JsonExchange.bytes(body);
        String path = PEER_PATH + route;
        HttpRequest.Builder request = HttpRequest.newBuilder(at(peer, path))
            .timeout(configuration.requestTimeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        Map<String, String> signature = PeerRequestSignature.sign(authority.name(), peer.name(), signingKeys.current(), "POST", path, json,
            clock.instant(), random);
        signature.forEach(request::header);
        return send(request.build()).map(bytes -> {
            try {
                return JsonExchange.read(bytes, answer);
            } catch (IllegalArgumentException e) {
                throw new PeerException(peer.name() + " answered " + route + " with what cannot be read: " + e.getMessage());
            }
        });
    }

    /**
     * The answer's body, read up to {@link #MAX_ANSWER_BYTES}, within the request timeout as a whole
     * (the JDK's timeout stops at the answer's headers: a peer trickling its body must not hold us).
     */
    private Mono<byte[]> send(HttpRequest request) {
        return Mono.fromFuture(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()))
            .publishOn(Schedulers.boundedElastic())
            .map(response -> {
                byte[] body = bounded(response);
                if (response.statusCode() != 200) {
                    // the status only: what a peer answers is not ours to show the operator
                    throw new PeerException(request.uri() + " answered " + response.statusCode());
                }
                return body;
            })
            .timeout(configuration.requestTimeout())
            .onErrorMap(failure -> !(failure instanceof PeerException),
                failure -> new PeerException(request.uri().getHost() + ": " + failure));
    }

    private static byte[] bounded(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes(MAX_ANSWER_BYTES + 1);
            if (body.length > MAX_ANSWER_BYTES) {
                throw new PeerException(response.uri() + " answered more than " + MAX_ANSWER_BYTES + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new PeerException(response.uri() + ": " + e);
        }
    }

    private static URI at(Peer peer, String path) {
        String base = peer.baseUrl().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }
}
