package org.ciers.protocol.signed;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/** The JDK's own Ed25519 (SunEC), the second opinion {@link SignedMessageId#verifiedBy} asks before refusing. */
final class JdkEd25519 {
    /** The X.509 SubjectPublicKeyInfo header of an Ed25519 key (RFC 8410): the 32 raw bytes follow. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private JdkEd25519() {
    }

    static boolean verifies(byte[] rawPublicKey, byte[] signed, byte[] signature) {
        try {
            byte[] encoded = new byte[X509_PREFIX.length + rawPublicKey.length];
            System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
            System.arraycopy(rawPublicKey, 0, encoded, X509_PREFIX.length, rawPublicKey.length);
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(signed);
            return verifier.verify(signature);
        } catch (GeneralSecurityException malformed) {
            return false;
        }
    }
}
