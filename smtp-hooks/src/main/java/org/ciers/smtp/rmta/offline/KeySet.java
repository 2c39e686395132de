package org.ciers.smtp.rmta.offline;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.ciers.protocol.message.KeysResponse;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.ServerId;

/**
 * The authority's key set as this server holds it: the authority's name (the only issuer whose IDs
 * it checks offline), each public key, decoded once, under its key ID, and the servers of suspended
 * organizations, whose IDs are refused whatever their signature.
 */
public record KeySet(AuthorityName authority, Map<Integer, ListedKey> keys, Set<ServerId> suspendedSenders) {
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
    }

    public KeySet(AuthorityName authority, Map<Integer, ListedKey> keys) {
        this(authority, keys, Set.of());
    }

    /** @throws IllegalArgumentException the set lists a key ID twice: which key checks its IDs would be a guess */
    public static KeySet of(KeysResponse response) {
        return new KeySet(response.authority(), response.keys().stream()
            .collect(Collectors.toMap(KeysResponse.PublicKey::keyId, KeySet::listed, (first, second) -> {
                throw new IllegalArgumentException("the key set of " + response.authority() + " lists a key ID twice");
            })), Set.copyOf(response.suspendedSenders()));
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
            .collect(Collectors.joining(", ")) + (suspendedSenders.isEmpty() ? "" : ", " + suspendedSenders.size() + " suspended senders") + "]";
    }
}
