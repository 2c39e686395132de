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
import org.ciers.protocol.message.KeysResponse;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.signed.SignedMessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key sets of this authority's peers, fetched from each peer over HTTPS: what checks their
 * message IDs and signed requests here, and what this authority relays to its receiving servers
 * (spec §7). Only a peer's own part is kept: a peer cannot relay a third authority's keys through
 * us. Fetched at start and again once {@link #REFRESH} old, in the background; an unknown key ID
 * fetches at once, at most once per {@link #REFETCH_INTERVAL} per peer. A peer that cannot be
 * reached keeps the set last fetched.
 */
@Singleton
public class PeerKeySets {
    public static final Duration REFRESH = Duration.ofMinutes(1);
    public static final Duration REFETCH_INTERVAL = Duration.ofSeconds(10);
    private static final Logger LOGGER = LoggerFactory.getLogger(PeerKeySets.class);

    private record Fetched(KeysResponse.PeerKeys keys, Instant at) {
    }

    private final Peers peers;
    private final PeerClient client;
    private final PeerStatus status;
    private final Clock clock;
    private final Map<AuthorityName, Fetched> fetched = new ConcurrentHashMap<>();
    private final Map<AuthorityName, Instant> lastAttempt = new ConcurrentHashMap<>();

    @Inject
    public PeerKeySets(Peers peers, PeerClient client, PeerStatus status, Clock clock) {
        this.peers = peers;
        this.client = client;
        this.status = status;
        this.clock = clock;
        peers.activePeers().forEach(this::refreshInBackground);
    }

    /** What this authority relays in its key set: each active peer's own keys and suspended senders, as last fetched. */
    public List<KeysResponse.PeerKeys> relayed() {
        return peers.activePeers().stream()
            .map(peer -> keysOf(peer))
            .flatMap(Optional::stream)
            .toList();
    }

    /** Whether an active peer signed exactly this ID, with a key it lists, for a sender it has not suspended. */
    public boolean signedByPeer(SignedMessageId id, ServerId sender) {
        Optional<Peer> peer = peers.active(id.id().authority());
        if (peer.isEmpty()) {
            return false;
        }
        return publicKey(peer.get(), id.keyId())
            .filter(key -> id.verifiedBy(key))
            .isPresent()
            && keysOf(peer.get()).map(keys -> !keys.suspendedSenders().contains(sender)).orElse(false);
    }

    /** The peer's public key of that ID: from the set held, or fetched now when it is not there (at most once per interval). */
    public Optional<Ed25519PublicKeyParameters> publicKey(Peer peer, int keyId) {
        Optional<Ed25519PublicKeyParameters> held = keysOf(peer).flatMap(keys -> find(keys, keyId));
        if (held.isPresent()) {
            return held;
        }
        Instant now = clock.instant();
        Instant previous = lastAttempt.get(peer.name());
        if (previous != null && previous.plus(REFETCH_INTERVAL).isAfter(now)) {
            return Optional.empty();
        }
        lastAttempt.put(peer.name(), now);
        return fetch(peer).flatMap(keys -> find(keys, keyId));
    }

    /** Fetches the peer's key set now (a peer just added or changed); whether it could be had shows in {@link PeerStatus}. */
    public void fetchNow(Peer peer) {
        lastAttempt.put(peer.name(), clock.instant());
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
        Instant now = clock.instant();
        Instant previous = lastAttempt.get(peer.name());
        if (previous != null && previous.plus(REFETCH_INTERVAL).isAfter(now)) {
            return;
        }
        lastAttempt.put(peer.name(), now);
        client.keys(peer).subscribe(keys -> keep(peer, keys),
            failure -> {
                status.failed(peer.name(), failure.getMessage());
                LOGGER.warn("CIERS: cannot fetch the key set of peer {}: {}", peer.name(), failure.getMessage());
            });
    }

    private Optional<KeysResponse.PeerKeys> fetch(Peer peer) {
        try {
            KeysResponse keys = client.keys(peer).block();
            keep(peer, keys);
            return Optional.of(keys.own());
        } catch (RuntimeException e) {
            status.failed(peer.name(), e.getMessage());
            LOGGER.warn("CIERS: cannot fetch the key set of peer {}: {}", peer.name(), e.getMessage());
            return Optional.empty();
        }
    }

    private void keep(Peer peer, KeysResponse keys) {
        fetched.put(peer.name(), new Fetched(keys.own(), clock.instant()));
        status.contacted(peer.name());
    }

    private static Optional<Ed25519PublicKeyParameters> find(KeysResponse.PeerKeys keys, int keyId) {
        return keys.keys().stream()
            .filter(key -> key.keyId() == keyId)
            .findFirst()
            .map(key -> new Ed25519PublicKeyParameters(key.encoded(), 0));
    }
}
