package org.ciers.authority.federation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.model.Peer;
import org.ciers.protocol.model.AuthorityName;

/**
 * Checks a peer request's signature ({@link PeerRequestSignature}): it names an active peer, its
 * time is within {@link #MAX_CLOCK_DIFFERENCE} of ours, its key is in the peer's key set (fetched
 * from the URL this authority's operator configured, never from the request), the signature holds
 * for this authority as the recipient, and its nonce was not seen within the time a request may be
 * presented (a replay within that window is refused). The reason for a refusal goes to the log
 * only: the answer says "refused".
 */
@Singleton
public class PeerAuthenticator {
    public static final Duration MAX_CLOCK_DIFFERENCE = Duration.ofMinutes(5);
    /** Nonces remembered at most (a peer sends a few requests a second; more is an attack or a bug). */
    static final int MAX_NONCES = 200_000;
    private static final int SIGNATURE_BYTES = 64;

    /** The outcome: the peer that signed, or why not. */
    public sealed interface Outcome {
        record Authenticated(Peer peer) implements Outcome {
        }

        record Refused(String reason) implements Outcome {
        }
    }

    private final Peers peers;
    private final PeerKeySets keySets;
    private final AuthorityConfiguration authority;
    private final Clock clock;
    /** Nonce → the instant after which its request is too old anyway; in insertion order, oldest first. */
    private final LinkedHashMap<String, Instant> nonces = new LinkedHashMap<>();

    @Inject
    public PeerAuthenticator(Peers peers, PeerKeySets keySets, AuthorityConfiguration authority, Clock clock) {
        this.peers = peers;
        this.keySets = keySets;
        this.authority = authority;
        this.clock = clock;
    }

    /**
     * The checks that need no body, made before it is read: a stranger naming a peer without the
     * signature headers, or with a stale time, costs no body read, hash or signature check.
     */
    public Optional<Outcome.Refused> refusedBeforeTheBody(Function<String, String> header) {
        Optional<AuthorityName> name = parse(header.apply(PeerRequestSignature.PEER), AuthorityName::of);
        if (name.isEmpty() || peers.active(name.get()).isEmpty()) {
            return Optional.of(new Outcome.Refused("no active peer named: " + header.apply(PeerRequestSignature.PEER)));
        }
        Optional<Long> seconds = parse(header.apply(PeerRequestSignature.TIME), Long::parseLong);
        if (seconds.isEmpty() || parse(header.apply(PeerRequestSignature.KEY_ID), Integer::parseUnsignedInt).isEmpty()
            || header.apply(PeerRequestSignature.SIGNATURE) == null || header.apply(PeerRequestSignature.NONCE) == null) {
            return Optional.of(new Outcome.Refused("incomplete signature headers from " + name.get()));
        }
        if (Duration.between(Instant.ofEpochSecond(seconds.get()), clock.instant()).abs().compareTo(MAX_CLOCK_DIFFERENCE) > 0) {
            return Optional.of(new Outcome.Refused("request time from " + name.get() + " is too far from ours"));
        }
        return Optional.empty();
    }

    /** {@code header} reads one request header (null when absent). */
    public Outcome authenticate(Function<String, String> header, String method, String path, byte[] body) {
        Optional<Outcome.Refused> early = refusedBeforeTheBody(header);
        if (early.isPresent()) {
            return early.get();
        }
        Optional<AuthorityName> name = parse(header.apply(PeerRequestSignature.PEER), AuthorityName::of);
        if (name.isEmpty()) {
            return refused("no peer named");
        }
        Optional<Peer> peer = peers.active(name.get());
        if (peer.isEmpty()) {
            return refused(name.get() + " is no active peer");
        }
        String time = header.apply(PeerRequestSignature.TIME);
        String nonce = header.apply(PeerRequestSignature.NONCE);
        Optional<Long> seconds = parse(time, Long::parseLong);
        Optional<Integer> keyId = parse(header.apply(PeerRequestSignature.KEY_ID), Integer::parseUnsignedInt);
        Optional<byte[]> signature = parse(header.apply(PeerRequestSignature.SIGNATURE), Base64.getUrlDecoder()::decode)
            .filter(bytes -> bytes.length == SIGNATURE_BYTES);
        if (seconds.isEmpty() || keyId.isEmpty() || signature.isEmpty() || nonce == null || nonce.length() > 64) {
            return refused("incomplete signature headers from " + name.get());
        }
        Instant now = clock.instant();
        Instant sent = Instant.ofEpochSecond(seconds.get());
        if (Duration.between(sent, now).abs().compareTo(MAX_CLOCK_DIFFERENCE) > 0) {
            return refused("request time " + sent + " from " + name.get() + " is too far from ours");
        }
        Optional<Ed25519PublicKeyParameters> key = keySets.publicKey(peer.get(), keyId.get());
        if (key.isEmpty()) {
            return refused("key ID " + Integer.toUnsignedString(keyId.get()) + " is not in the key set of " + name.get());
        }
        if (!PeerRequestSignature.verify(key.get(), signature.get(), name.get(), authority.name(), method, path, time, nonce, body)) {
            return refused("the signature of " + name.get() + " does not hold");
        }
        if (!firstTime(name.get().asString() + " " + nonce, sent.plus(MAX_CLOCK_DIFFERENCE), now)) {
            return refused("a request of " + name.get() + " presented again");
        }
        return new Outcome.Authenticated(peer.get());
    }

    private synchronized boolean firstTime(String nonce, Instant forgetAfter, Instant now) {
        var oldest = nonces.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<String, Instant> entry = oldest.next();
            if (entry.getValue().isAfter(now) && nonces.size() < MAX_NONCES) {
                break;
            }
            // expired, or room is needed: an entry dropped for room is at most MAX_CLOCK_DIFFERENCE old, a bounded risk
            oldest.remove();
        }
        return nonces.putIfAbsent(nonce, forgetAfter) == null;
    }

    private static Outcome refused(String reason) {
        return new Outcome.Refused(reason);
    }

    private static <T> Optional<T> parse(String text, Function<String, T> parser) {
        if (text == null || text.isEmpty() || text.length() > 128) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(text));
        } catch (RuntimeException invalid) {
            return Optional.empty();
        }
    }
}
