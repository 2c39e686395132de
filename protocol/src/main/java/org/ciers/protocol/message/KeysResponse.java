package org.ciers.protocol.message;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.ServerId;

/**
 * Authority → anybody ({@code GET /ciers/v1/keys}): the public keys that check the message IDs it
 * signs (spec §10). A key signs from {@code signsFrom}; a retired one is listed until
 * {@code listedUntil}, when the last ID it signed has expired. The servers of suspended
 * organizations are listed too: their IDs still carry a good signature until they expire, and a
 * receiving server refuses them (the project's addition to the key set). An authority that peers
 * (spec §7) relays each active peer's own keys and suspended senders, under the peer's name, so
 * that its receiving servers check the peers' IDs offline with the one set they fetch.
 */
public record KeysResponse(AuthorityName authority, List<PublicKey> keys, List<ServerId> suspendedSenders,
                           List<PeerKeys> peers) implements CiersResponse {

    /** A peer authority's keys and suspended senders, as its own key set lists them. */
    public record PeerKeys(AuthorityName authority, List<PublicKey> keys, List<ServerId> suspendedSenders) {
        public PeerKeys {
            Objects.requireNonNull(authority, "authority");
            keys = List.copyOf(keys);
            suspendedSenders = List.copyOf(suspendedSenders);
        }
    }

    /** An Ed25519 public key (32 bytes) under its key ID. */
    public record PublicKey(int keyId, byte[] encoded, Instant signsFrom, Optional<Instant> listedUntil) {
        public static final int LENGTH = 32;

        public PublicKey {
            Objects.requireNonNull(encoded, "key");
            Objects.requireNonNull(signsFrom, "signs_from");
            Objects.requireNonNull(listedUntil, "listed_until");
            if (encoded.length != LENGTH) {
                throw new IllegalArgumentException("an Ed25519 public key has " + LENGTH + " bytes");
            }
            encoded = encoded.clone();
        }

        @Override
        public byte[] encoded() {
            return encoded.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PublicKey key && key.keyId == keyId && Arrays.equals(key.encoded, encoded)
                && key.signsFrom.equals(signsFrom) && key.listedUntil.equals(listedUntil);
        }

        @Override
        public int hashCode() {
            return Objects.hash(keyId, Arrays.hashCode(encoded), signsFrom, listedUntil);
        }

        @Override
        public String toString() {
            return "PublicKey[" + keyId + ", signs from " + signsFrom + listedUntil.map(until -> ", listed until " + until).orElse("") + "]";
        }
    }

    public KeysResponse {
        Objects.requireNonNull(authority, "authority");
        keys = List.copyOf(keys);
        suspendedSenders = List.copyOf(suspendedSenders);
        peers = List.copyOf(peers);
        if (peers.stream().map(PeerKeys::authority).distinct().count() != peers.size()
            || peers.stream().anyMatch(peer -> peer.authority().equals(authority))) {
            throw new IllegalArgumentException("a key set names each authority once");
        }
    }

    /** A key set of this authority alone. */
    public KeysResponse(AuthorityName authority, List<PublicKey> keys, List<ServerId> suspendedSenders) {
        this(authority, keys, suspendedSenders, List.of());
    }

    /** A key set of this authority alone, in which no sender is suspended. */
    public KeysResponse(AuthorityName authority, List<PublicKey> keys) {
        this(authority, keys, List.of());
    }

    /** This authority's own part, as a peer relays it: what it signs with and whom it suspended, never what it relays. */
    public PeerKeys own() {
        return new PeerKeys(authority, keys, suspendedSenders);
    }

    @Override
    public MessageType type() {
        return MessageType.KEYS;
    }
}
