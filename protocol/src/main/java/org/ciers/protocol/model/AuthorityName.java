package org.ciers.protocol.model;

import java.util.Objects;

/** The short name of an authority, used as the prefix of the message IDs it issues. */
public final class AuthorityName {
    static final int MAX_LENGTH = 32;

    private final String value;

    private AuthorityName(String value) {
        this.value = value;
    }

    public static AuthorityName of(String value) {
        Objects.requireNonNull(value, "authority name");
        if (!Syntax.isLowerLabel(value, 0, value.length(), MAX_LENGTH)) {
            throw new IllegalArgumentException("an authority name is 1 to 32 of a-z 0-9 -, starting with a letter or digit");
        }
        return new AuthorityName(value);
    }

    public String asString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthorityName other && value.equals(other.value);
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
