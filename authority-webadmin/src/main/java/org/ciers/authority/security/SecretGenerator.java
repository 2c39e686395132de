package org.ciers.authority.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.Msid;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ReportToken;
import org.ciers.protocol.model.ServerId;

/** Every random value the authority hands out, drawn from {@link SecureRandom}. */
public class SecretGenerator {
    private static final char[] ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    /** 20 random bytes, 32 base32 characters: 160 bits, beyond guessing. */
    static final int MESSAGE_TOKEN_BYTES = 20;
    /** 16 random bytes, base64url: 128 bits. */
    static final int REPORT_TOKEN_BYTES = 16;

    private final SecureRandom random = new SecureRandom();

    public ServerId serverId() {
        return ServerId.of(draw(ALPHANUMERIC, ServerId.LENGTH));
    }

    public Passphrase passphrase() {
        return Passphrase.of(draw(ALPHANUMERIC, Passphrase.LENGTH));
    }

    public MessageId messageId(AuthorityName authority) {
        // one draw of 20 bytes, not 32 draws of a character: this runs for every transmission
        return MessageId.of(authority, Msid.base32(bytes(MESSAGE_TOKEN_BYTES)));
    }

    public ReportToken reportToken() {
        return ReportToken.of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(REPORT_TOKEN_BYTES)));
    }

    public byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private String draw(char[] alphabet, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            // nextInt(bound) is uniform, so no character is more likely than another
            chars[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(chars);
    }

    /**
     * SHA-256, hex: how secrets of 128 bits and more (session tokens, link codes) are stored; they
     * are random, so a fast hash hides them as well as a slow one.
     */
    public static String sha256Hex(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
