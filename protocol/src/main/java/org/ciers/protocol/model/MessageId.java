package org.ciers.protocol.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * The single-use identifier of one authorised transmission: {@code <authority>.<token>}.
 * The prefix names the issuing authority (federation routes foreign IDs by it); the token is
 * opaque to everybody but the issuer, which leaves room for signed, self-verifying tokens later.
 * A record whose constructor checks the form, so that no instance holds a malformed ID.
 */
public record MessageId(String value) {
    public static final int MAX_LENGTH = 512;
    private static final int MIN_TOKEN_LENGTH = 16;

    public MessageId {
        Objects.requireNonNull(value, "message ID");
        // <authority>.<token>: authority [a-z0-9][a-z0-9-]{0,31}, token [A-Za-z0-9_-]{16,}
        int dot = value.indexOf('.');
        if (value.length() > MAX_LENGTH || dot < 0
            || !Syntax.isLowerLabel(value, 0, dot, AuthorityName.MAX_LENGTH)
            || !Syntax.isAlphanumeric(value, dot + 1, value.length(), MIN_TOKEN_LENGTH, MAX_LENGTH, true)) {
            throw new IllegalArgumentException("a message ID is <authority>.<token> (token: 16 or more of A-Z a-z 0-9 _ -)");
        }
    }

    public static MessageId of(String value) {
        return new MessageId(value);
    }

    /**
     * An ID as a server presented it to the authority: itself when well-formed; otherwise (within
     * {@link #MAX_LENGTH}) a stand-in under a name no authority carries, so that it is answered as
     * any ID the authority did not issue (spec §4: invalid, whatever its shape). The stand-in's token
     * is the text's SHA-256, so that logs tell two such IDs apart without repeating what the sender wrote.
     */
    public static MessageId presented(String text) {
        Objects.requireNonNull(text, "message ID");
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a message ID has at most " + MAX_LENGTH + " characters");
        }
        try {
            return of(text);
        } catch (IllegalArgumentException notOneOfOurs) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
                return of(AuthorityName.UNRECOGNISED + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }
    }

    public static MessageId of(AuthorityName authority, String token) {
        return of(authority.asString() + "." + token);
    }

    /** The name of the authority that issued this ID. */
    public AuthorityName authority() {
        return AuthorityName.of(value.substring(0, value.indexOf('.')));
    }

    public String asString() {
        return value;
    }

    /** The bare ID, not the record's {@code MessageId[value=…]}. */
    @Override
    public String toString() {
        return value;
    }
}
