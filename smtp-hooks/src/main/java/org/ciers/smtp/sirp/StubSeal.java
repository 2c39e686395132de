package org.ciers.smtp.sirp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Proves that a stub in a Pending mailbox was filed by this server: a user can append any message
 * to their own Pending mailbox, and a stub names the address a pull connects to. The seal is an
 * HMAC of what the pull uses (recipient, msid, address, sender domain) under a key derived from
 * {@code sirp.secret}; without that setting, a key of this process (like its msids, its stubs are
 * then not pulled after a restart).
 */
@Singleton
public class StubSeal {
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] PURPOSE = "CIERS SIRP stub seal".getBytes(StandardCharsets.US_ASCII);

    private final byte[] key;

    @Inject
    public StubSeal(SirpConfiguration configuration) {
        this.key = configuration.secret().map(secret -> hmac(secret, PURPOSE)).orElseGet(() -> {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        });
    }

    String seal(String recipient, String msid, String address, String senderDomain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key,
            String.join("\0", recipient, msid, address, senderDomain).getBytes(StandardCharsets.UTF_8)));
    }

    /** In constant time, as every secret is compared. */
    boolean holds(String seal, String recipient, String msid, String address, String senderDomain) {
        return MessageDigest.isEqual(seal.getBytes(StandardCharsets.US_ASCII),
            seal(recipient, msid, address, senderDomain).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + ALGORITHM, e);
        }
    }
}
