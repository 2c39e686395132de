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
 * receiving server refuses them (the project's addition to the key set).
 */
public record KeysResponse(AuthorityName authority, List<PublicKey> keys, List<ServerId> suspendedSenders) implements CiersResponse {

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
    }

    /** A key set in which no sender is suspended. */
    public KeysResponse(AuthorityName authority, List<PublicKey> keys) {
        this(authority, keys, List.of());
    }

    @Override
    public MessageType type() {
        return MessageType.KEYS;
    }
}
