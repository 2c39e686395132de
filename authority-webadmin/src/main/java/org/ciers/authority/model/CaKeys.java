package org.ciers.authority.model;

import java.util.Arrays;
import java.util.Objects;

/** The authority CA: its self-signed root (PEM) and its private key, encrypted at rest. */
public record CaKeys(String rootPem, byte[] encryptedPrivateKey) {
    public CaKeys {
        Objects.requireNonNull(rootPem, "rootPem");
        Objects.requireNonNull(encryptedPrivateKey, "encryptedPrivateKey");
        encryptedPrivateKey = encryptedPrivateKey.clone();
    }

    @Override
    public byte[] encryptedPrivateKey() {
        return encryptedPrivateKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CaKeys keys && keys.rootPem.equals(rootPem)
            && Arrays.equals(keys.encryptedPrivateKey, encryptedPrivateKey);
    }

    @Override
    public int hashCode() {
        return rootPem.hashCode();
    }

    @Override
    public String toString() {
        return "CaKeys[root, encrypted key]";
    }
}
