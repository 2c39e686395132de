package org.ciers.authority.federation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.signed.SigningKey;

/**
 * How one authority signs a request to a peer, and how the peer checks it (spec §7: signed requests
 * rather than client certificates, see docs/federation.md). The signature covers who sends, to
 * whom, the method, the path, the time, a random nonce and the body's SHA-256, under the domain
 * separation {@value #CONTEXT}: it cannot be replayed at another peer, on another route, with another
 * body, or later than {@link PeerAuthenticator#MAX_CLOCK_DIFFERENCE}. The key is the sender's
 * message ID signing key; a message ID's signed bytes start with a length byte below 33, never with
 * the letter this context starts with, so that neither signature can pass for the other.
 */
public final class PeerRequestSignature {
    public static final String PEER = "CIERS-Peer";
    public static final String KEY_ID = "CIERS-Peer-Key";
    public static final String TIME = "CIERS-Peer-Time";
    public static final String NONCE = "CIERS-Peer-Nonce";
    public static final String SIGNATURE = "CIERS-Peer-Signature";
    static final String CONTEXT = "ciers-peer-request";
    static final int NONCE_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private PeerRequestSignature() {
    }

    /** The headers that sign a request from {@code from} to {@code to}, in the order they are sent. */
    public static Map<String, String> sign(AuthorityName from, AuthorityName to, SigningKey key, String method, String path, byte[] body,
                                           Instant now, SecureRandom random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        String time = Long.toString(now.getEpochSecond());
        String nonceText = ENCODER.encodeToString(nonce);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key.privateKey());
        byte[] signed = signedBytes(from, to, method, path, time, nonceText, body);
        signer.update(signed, 0, signed.length);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(PEER, from.asString());
        headers.put(KEY_ID, Integer.toUnsignedString(key.keyId()));
        headers.put(TIME, time);
        headers.put(NONCE, nonceText);
        headers.put(SIGNATURE, ENCODER.encodeToString(signer.generateSignature()));
        return headers;
    }

    /** Whether {@code signature} is the peer's key's signature of exactly this request. */
    static boolean verify(Ed25519PublicKeyParameters key, byte[] signature, AuthorityName from, AuthorityName to, String method, String path,
                          String time, String nonce, byte[] body) {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key);
        byte[] signed = signedBytes(from, to, method, path, time, nonce, body);
        verifier.update(signed, 0, signed.length);
        return verifier.verifySignature(signature);
    }

    static byte[] signedBytes(AuthorityName from, AuthorityName to, String method, String path, String time, String nonce, byte[] body) {
        String text = String.join("\n", CONTEXT, from.asString(), to.asString(), method, path, time, nonce, sha256(body));
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
