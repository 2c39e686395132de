package org.ciers.smtp.rmta.offline;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.ciers.protocol.message.KeysResponse;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.ServerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authority's key set as this server holds it: the authority's name, each public key, decoded
 * once, under its key ID, the servers of suspended organizations, whose IDs are refused whatever
 * their signature, and the same for each peer the authority relays (spec §7). Those are the only
 * issuers whose IDs this server checks offline.
 */
public record KeySet(AuthorityName authority, Map<Integer, ListedKey> keys, Set<ServerId> suspendedSenders,
                     Map<AuthorityName, KeySet> peers) {
    private static final Logger LOGGER = LoggerFactory.getLogger(KeySet.class);

    /** A public key and, for a retired key, the instant after which nothing it signed is valid. */
    public record ListedKey(Ed25519PublicKeyParameters publicKey, Optional<Instant> listedUntil) {
        public ListedKey {
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(listedUntil, "listedUntil");
        }
    }

    public KeySet {
        Objects.requireNonNull(authority, "authority");
        keys = Map.copyOf(keys);
        suspendedSenders = Set.copyOf(suspendedSenders);
        peers = Map.copyOf(peers);
    }

    public KeySet(AuthorityName authority, Map<Integer, ListedKey> keys) {
        this(authority, keys, Set.of(), Map.of());
    }

    /** The keys that check an ID {@code issuer} signed: this server's authority's, or a relayed peer's; empty for any other issuer. */
    public Optional<KeySet> ofIssuer(AuthorityName issuer) {
        return issuer.equals(authority) ? Optional.of(this) : Optional.ofNullable(peers.get(issuer));
    }

    /** @throws IllegalArgumentException the set lists a key ID twice: which key checks its IDs would be a guess */
    public static KeySet of(KeysResponse response) {
        Map<AuthorityName, KeySet> peers = new HashMap<>();
        for (KeysResponse.PeerKeys peer : response.peers()) {
            try {
                peers.put(peer.authority(), new KeySet(peer.authority(), keys(peer), Set.copyOf(peer.suspendedSenders()), Map.of()));
            } catch (IllegalArgumentException badPeerPart) {
                // one peer's bad part costs that peer's IDs their offline check, never the authority's own keys
                LOGGER.warn("CIERS: the key set of {} relays a bad part for {}, left out: {}", response.authority(), peer.authority(),
                    badPeerPart.getMessage());
            }
        }
        return new KeySet(response.authority(), keys(response.own()), Set.copyOf(response.suspendedSenders()), peers);
    }

    private static Map<Integer, ListedKey> keys(KeysResponse.PeerKeys listed) {
        return listed.keys().stream()
            .collect(Collectors.toMap(KeysResponse.PublicKey::keyId, KeySet::listed, (first, second) -> {
                throw new IllegalArgumentException("the key set of " + listed.authority() + " lists a key ID twice");
            }));
    }

    public boolean isSuspended(ServerId sender) {
        return suspendedSenders.contains(sender);
    }

    public Optional<ListedKey> key(int keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    private static ListedKey listed(KeysResponse.PublicKey key) {
        return new ListedKey(new Ed25519PublicKeyParameters(key.encoded(), 0), key.listedUntil());
    }

    @Override
    public String toString() {
        return "KeySet[" + authority + ", key IDs " + keys.keySet().stream().map(Integer::toUnsignedString)
            .collect(Collectors.joining(", ")) + (suspendedSenders.isEmpty() ? "" : ", " + suspendedSenders.size() + " suspended senders")
            + (peers.isEmpty() ? "" : ", peers " + peers.values()) + "]";
    }
}
