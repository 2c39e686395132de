package org.ciers.authority.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One of the authority's Ed25519 signing keys as every authority node shares it (spec §10): its
 * private half encrypted at rest, its public half as listed at {@code GET /ciers/v1/keys}. It signs
 * from {@code signsFrom}; once retired it is listed until {@code listedUntil}, when the last ID it
 * signed has expired. Of the listed keys whose time has come, the one with the latest
 * {@code signsFrom} signs.
 */
public record StoredSigningKey(int keyId, byte[] encryptedPrivateKey, byte[] publicKey, Instant signsFrom,
                               Optional<Instant> listedUntil) {
    public StoredSigningKey {
        Objects.requireNonNull(encryptedPrivateKey, "encryptedPrivateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(signsFrom, "signsFrom");
        Objects.requireNonNull(listedUntil, "listedUntil");
        encryptedPrivateKey = encryptedPrivateKey.clone();
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] encryptedPrivateKey() {
        return encryptedPrivateKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    public StoredSigningKey retired(Instant until) {
        return new StoredSigningKey(keyId, encryptedPrivateKey, publicKey, signsFrom, Optional.of(until));
    }

    /** Whether it is still listed (and IDs it signed still checked) at {@code now}. */
    public boolean isListedAt(Instant now) {
        return listedUntil.map(now::isBefore).orElse(true);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredSigningKey key && key.keyId == keyId
            && Arrays.equals(key.encryptedPrivateKey, encryptedPrivateKey) && Arrays.equals(key.publicKey, publicKey)
            && key.signsFrom.equals(signsFrom) && key.listedUntil.equals(listedUntil);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, Arrays.hashCode(publicKey), signsFrom, listedUntil);
    }

    /** Never the key material. */
    @Override
    public String toString() {
        return "StoredSigningKey[" + keyId + ", signs from " + signsFrom + listedUntil.map(until -> ", listed until " + until).orElse("") + "]";
    }
}
