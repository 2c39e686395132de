package org.ciers.authority.federation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.ciers.authority.model.Peer;
import org.ciers.authority.store.PeerStore;
import org.ciers.protocol.message.CiersResponse;
import org.ciers.protocol.message.KeysResponse;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.signed.SignedMessageId;
import org.ciers.protocol.xml.CiersXml;
import org.ciers.protocol.xml.MalformedCiersException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key sets of this authority's peers, fetched from each peer over HTTPS: what checks their
 * message IDs and signed requests here, and what this authority relays to its receiving servers
 * (spec §7). Only a peer's own part is kept (a peer cannot relay a third authority's keys through
 * us), and only a plausible one: at most {@link #MAX_KEYS} keys, {@link #MAX_SUSPENDED} suspended
 * senders, no key ID twice (one bad set must not spoil the key set every receiving server reads).
 * The last set fetched is kept in the store too, so that a restart while the peer is down still
 * checks its IDs. Fetched at start and again once {@link #REFRESH} old, in the background; an
 * unknown key ID fetches at once, at most once per {@link #REFETCH_INTERVAL} per peer.
 */
@Singleton
public class PeerKeySets {
    public static final Duration REFRESH = Duration.ofMinutes(1);
    public static final Duration REFETCH_INTERVAL = Duration.ofSeconds(10);
    /** A peer's keys at most: a few, while one rotates. */
    static final int MAX_KEYS = 16;
    /** A peer's suspended senders at most, so that every peer's part fits the key set's document. */
    static final int MAX_SUSPENDED = 200;
    private static final Logger LOGGER = LoggerFactory.getLogger(PeerKeySets.class);

    /** Whether an ID is a peer's, as far as the keys held can say. */
    public enum Check {
        /** An active peer signed it with a key it lists, for a sender it has not suspended. */
        SIGNED,
        /** It is not: no active peer's, another key, a forgery, a suspended sender. */
        NOT_SIGNED,
        /** The peer's keys cannot be had now (never fetched, or a key ID newer than the set held): ask again later. */
        KEYS_UNAVAILABLE
    }

    private record Fetched(KeysResponse.PeerKeys keys, Instant at) {
    }

    private final Peers peers;
    private final PeerClient client;
    private final PeerStatus status;
    private final PeerStore store;
    private final CiersXml xml;
    private final Clock clock;
    private final Map<AuthorityName, Fetched> fetched = new ConcurrentHashMap<>();
    /** When each peer was last fetched in the background, and at once: two clocks, so that one never holds the other back. */
    private final Map<AuthorityName, Instant> lastBackgroundFetch = new ConcurrentHashMap<>();
    private final Map<AuthorityName, Instant> lastImmediateFetch = new ConcurrentHashMap<>();

    @Inject
    public PeerKeySets(Peers peers, PeerClient client, PeerStatus status, PeerStore store, CiersXml xml, Clock clock) {
        this.peers = peers;
        this.client = client;
        this.status = status;
        this.store = store;
        this.xml = xml;
        this.clock = clock;
        for (Peer peer : peers.activePeers()) {
            loadKept(peer);
            refreshInBackground(peer);
        }
    }

    /** What this authority relays in its key set: each active peer's own keys and suspended senders, as last fetched. */
    public List<KeysResponse.PeerKeys> relayed() {
        return peers.activePeers().stream()
            .map(this::keysOf)
            .flatMap(Optional::stream)
            .toList();
    }

    /**
     * Whether an active peer signed exactly this ID for {@code sender}. Never waits for the peer: a
     * key not held is fetched in the background and answered {@link Check#KEYS_UNAVAILABLE}, unless
     * the set held is younger than {@link #REFETCH_INTERVAL} (then the key is not the peer's).
     */
    public Check check(SignedMessageId id, ServerId sender) {
        Optional<Peer> peer = peers.active(id.id().authority());
        if (peer.isEmpty()) {
            return Check.NOT_SIGNED;
        }
        Fetched held = fetched.get(peer.get().name());
        keysOf(peer.get());
        if (held == null) {
            return Check.KEYS_UNAVAILABLE;
        }
        Optional<Ed25519PublicKeyParameters> key = find(held.keys(), id.keyId());
        if (key.isEmpty()) {
            if (held.at().plus(REFETCH_INTERVAL).isAfter(clock.instant())) {
                return Check.NOT_SIGNED;
            }
            refreshInBackground(peer.get());
            return Check.KEYS_UNAVAILABLE;
        }
        return id.verifiedBy(key.get()) && !held.keys().suspendedSenders().contains(sender) ? Check.SIGNED : Check.NOT_SIGNED;
    }

    /**
     * The peer's public key of that ID, for a signed request: from the set held, or fetched now when
     * it is not there (at most once per interval; on a request thread, never a store's).
     */
    public Optional<Ed25519PublicKeyParameters> publicKey(Peer peer, int keyId) {
        Optional<Ed25519PublicKeyParameters> held = keysOf(peer).flatMap(keys -> find(keys, keyId));
        if (held.isPresent()) {
            return held;
        }
        if (!due(lastImmediateFetch, peer.name())) {
            return Optional.empty();
        }
        return fetch(peer).flatMap(keys -> find(keys, keyId));
    }

    /** Fetches the peer's key set now (a peer just added or resumed); whether it could be had shows in {@link PeerStatus}. */
    public void fetchNow(Peer peer) {
        lastImmediateFetch.put(peer.name(), clock.instant());
        fetch(peer);
    }

    private Optional<KeysResponse.PeerKeys> keysOf(Peer peer) {
        Fetched current = fetched.get(peer.name());
        if (current == null || current.at().plus(REFRESH).isBefore(clock.instant())) {
            refreshInBackground(peer);
        }
        return Optional.ofNullable(current).map(Fetched::keys);
    }

    private void refreshInBackground(Peer peer) {
        if (!due(lastBackgroundFetch, peer.name())) {
            return;
        }
        client.keys(peer).subscribe(keys -> keep(peer, keys), failure -> failed(peer, failure));
    }

    private Optional<KeysResponse.PeerKeys> fetch(Peer peer) {
        try {
            KeysResponse keys = client.keys(peer).block();
            return keep(peer, keys) ? Optional.of(keys.own()) : Optional.empty();
        } catch (RuntimeException e) {
            failed(peer, e);
            return Optional.empty();
        }
    }

    /** Whether a fetch of this kind may start now; if so, it is noted as started. */
    private boolean due(Map<AuthorityName, Instant> last, AuthorityName peer) {
        Instant now = clock.instant();
        Instant previous = last.get(peer);
        if (previous != null && previous.plus(REFETCH_INTERVAL).isAfter(now)) {
            return false;
        }
        last.put(peer, now);
        return true;
    }

    /** Keeps a plausible set (and stores it when it changed); whether it was kept. */
    private boolean keep(Peer peer, KeysResponse keys) {
        KeysResponse.PeerKeys own = keys.own();
        String implausible = implausible(own);
        if (implausible != null) {
            status.failed(peer.name(), "key set refused: " + implausible);
            LOGGER.warn("CIERS: the key set of peer {} is refused, the one held is kept: {}", peer.name(), implausible);
            return false;
        }
        Fetched previous = fetched.put(peer.name(), new Fetched(own, clock.instant()));
        status.contacted(peer.name());
        if (previous == null || !previous.keys().equals(own)) {
            store.keepKeySet(peer.name(), xml.write(new KeysResponse(own.authority(), own.keys(), own.suspendedSenders())))
                .subscribe(null, failure -> LOGGER.warn("CIERS: cannot store the key set of peer {}: {}", peer.name(), failure.toString()));
        }
        return true;
    }

    /** The set kept in the store at the last fetch, held as old (so that it is fetched again at once). */
    private void loadKept(Peer peer) {
        try {
            byte[] document = store.keySet(peer.name()).block();
            if (document == null) {
                return;
            }
            CiersResponse kept = xml.readResponse(document);
            if (kept instanceof KeysResponse keys && keys.authority().equals(peer.name()) && implausible(keys.own()) == null) {
                fetched.putIfAbsent(peer.name(), new Fetched(keys.own(), Instant.EPOCH));
            }
        } catch (MalformedCiersException | RuntimeException e) {
            LOGGER.warn("CIERS: the stored key set of peer {} cannot be read: {}", peer.name(), e.toString());
        }
    }

    private void failed(Peer peer, Throwable failure) {
        status.failed(peer.name(), String.valueOf(failure.getMessage()));
        LOGGER.warn("CIERS: cannot fetch the key set of peer {}: {}", peer.name(), failure.toString());
    }

    /** Why a peer's own part is refused, or null. */
    private static String implausible(KeysResponse.PeerKeys keys) {
        if (keys.keys().isEmpty() || keys.keys().size() > MAX_KEYS) {
            return keys.keys().size() + " keys (1 to " + MAX_KEYS + ")";
        }
        if (keys.keys().stream().map(KeysResponse.PublicKey::keyId).distinct().count() != keys.keys().size()) {
            return "a key ID listed twice";
        }
        if (keys.suspendedSenders().size() > MAX_SUSPENDED) {
            return keys.suspendedSenders().size() + " suspended senders (at most " + MAX_SUSPENDED + ")";
        }
        return null;
    }

    private static Optional<Ed25519PublicKeyParameters> find(KeysResponse.PeerKeys keys, int keyId) {
        return keys.keys().stream()
            .filter(key -> key.keyId() == keyId)
            .findFirst()
            .map(key -> new Ed25519PublicKeyParameters(key.encoded(), 0));
    }
}
