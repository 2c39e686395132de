package org.ciers.protocol.model;

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
