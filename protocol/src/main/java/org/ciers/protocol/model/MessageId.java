package org.ciers.protocol.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The single-use identifier of one authorised transmission: {@code <authority>.<token>}.
 * The prefix names the issuing authority (federation routes foreign IDs by it); the token is
 * opaque to everybody but the issuer, which leaves room for signed, self-verifying tokens later.
 */
public final class MessageId {
    public static final int MAX_LENGTH = 512;
    private static final Pattern SYNTAX = Pattern.compile("([a-z0-9][a-z0-9-]{0,31})\\.([A-Za-z0-9_-]{16,478})");

    private final String value;
    private final String authority;

    private MessageId(String value, String authority) {
        this.value = value;
        this.authority = authority;
    }

    public static MessageId of(String value) {
        Objects.requireNonNull(value, "message ID");
        var matcher = SYNTAX.matcher(value);
        if (value.length() > MAX_LENGTH || !matcher.matches()) {
            throw new IllegalArgumentException("a message ID is <authority>.<token> (token: 16 or more of A-Z a-z 0-9 _ -)");
        }
        return new MessageId(value, matcher.group(1));
    }

    public static MessageId of(AuthorityName authority, String token) {
        return of(authority.asString() + "." + token);
    }

    /** The name of the authority that issued this ID. */
    public AuthorityName authority() {
        return AuthorityName.of(authority);
    }

    public String asString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageId other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
