package org.ciers.protocol.signed;

import java.util.Objects;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * One of the authority's Ed25519 signing keys and the ID under which its public half is listed
 * (spec §10). Its toString never shows the private key.
 */
public record SigningKey(int keyId, Ed25519PrivateKeyParameters privateKey) {
    public SigningKey {
        Objects.requireNonNull(privateKey, "privateKey");
    }

    public Ed25519PublicKeyParameters publicKey() {
        return privateKey.generatePublicKey();
    }

    @Override
    public String toString() {
        return "SigningKey[" + keyId + "]";
    }
}
