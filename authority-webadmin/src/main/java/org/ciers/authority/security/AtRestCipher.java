package org.ciers.authority.security;

import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.authority.AuthorityConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals the private keys the authority keeps in its store (the CA key, the message ID signing keys)
 * with AES-256-GCM under {@code authority.ca.key}, so that a copy of the store alone does not give
 * them away. Every authority node must be configured with the same key.
 */
@Singleton
public class AtRestCipher {
    private static final Logger LOGGER = LoggerFactory.getLogger(AtRestCipher.class);
    private static final int ENCRYPTION_KEY_BYTES = 32;
    private static final int GCM_IV_BYTES = 12;
    private static final int GCM_TAG_BITS = 128;

    private final SecretGenerator secrets;
    private final byte[] encryptionKey;

    @Inject
    public AtRestCipher(AuthorityConfiguration configuration, SecretGenerator secrets) {
        this.secrets = secrets;
        this.encryptionKey = configuration.caKey().map(AuthorityConfiguration.CaKey::bytes).orElseGet(() -> {
            LOGGER.warn("CIERS: no {} configured; the authority's private keys are encrypted with a key of this process only, "
                + "which a restart or another authority node cannot read", AuthorityConfiguration.CA_KEY);
            return secrets.bytes(ENCRYPTION_KEY_BYTES);
        });
    }

    /** The IV followed by the ciphertext and its tag. */
    public byte[] seal(byte[] plain) throws GeneralSecurityException {
        byte[] iv = secrets.bytes(GCM_IV_BYTES);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"), new GCMParameterSpec(GCM_TAG_BITS, iv));
        byte[] sealed = cipher.doFinal(plain);
        byte[] out = Arrays.copyOf(iv, iv.length + sealed.length);
        System.arraycopy(sealed, 0, out, iv.length, sealed.length);
        return out;
    }

    /** Fails when the stored bytes were sealed under another key, or altered. */
    public byte[] open(byte[] stored) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"),
            new GCMParameterSpec(GCM_TAG_BITS, stored, 0, GCM_IV_BYTES));
        return cipher.doFinal(stored, GCM_IV_BYTES, stored.length - GCM_IV_BYTES);
    }
}
