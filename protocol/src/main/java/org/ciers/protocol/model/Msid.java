package org.ciers.protocol.model;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A SIRP message ID (spec §6): {@code base32(HMAC-SHA256(sender secret, sender ‖ receiver ‖
 * SHA-256(message)))} truncated to 32 characters (160 bits), upper-case RFC 4648 alphabet without
 * padding. Sender and receiver are joined with a zero byte so that no two pairs read alike.
 * A record whose constructor checks the form, so that even a computed msid is checked.
 */
public record Msid(String value) {
    public static final int LENGTH = 32;
    private static final Pattern FORM = Pattern.compile("[A-Z2-7]{" + LENGTH + "}");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public Msid {
        Objects.requireNonNull(value, "msid");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("an msid is " + LENGTH + " characters of A-Z and 2-7");
        }
    }

    public static Msid of(String value) {
        return new Msid(value);
    }

    /**
     * @param secret   the sending server's own secret, never sent anywhere
     * @param sender   the envelope sender, e.g. {@code alice@a.example}
     * @param receiver the recipient, e.g. {@code bob@b.example}
     * @param message  the message's bytes as stored
     */
    public static Msid compute(byte[] secret, String sender, String receiver, byte[] message) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(sender.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(receiver.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(digest);
            return new Msid(base32(mac.doFinal()).substring(0, LENGTH));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    public String asString() {
        return value;
    }

    /** RFC 4648 base32 without padding: the alphabet of msids and of the authority's link codes. */
    public static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /** The bare msid, not the record's {@code Msid[value=…]}. */
    @Override
    public String toString() {
        return value;
    }
}
