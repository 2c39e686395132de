package org.ciers.protocol.model;

import java.util.Objects;

/**
 * The short name of an authority, used as the prefix of the message IDs it issues.
 * A record whose constructor checks the form, so that no instance holds a malformed name.
 */
public record AuthorityName(String value) {
    static final int MAX_LENGTH = 32;
    /** No authority may take this name ({@link #forAnAuthority}): {@link MessageId#presented} marks the IDs nobody issued with it. */
    public static final String UNRECOGNISED = "unrecognised";

    public AuthorityName {
        Objects.requireNonNull(value, "authority name");
        if (!Syntax.isLowerLabel(value, 0, value.length(), MAX_LENGTH)) {
            throw new IllegalArgumentException("an authority name is 1 to 32 of a-z 0-9 -, starting with a letter or digit");
        }
    }

    public static AuthorityName of(String value) {
        return new AuthorityName(value);
    }

    /** The name an authority is configured with: any but the reserved {@value #UNRECOGNISED}. */
    public static AuthorityName forAnAuthority(String value) {
        if (UNRECOGNISED.equals(value)) {
            throw new IllegalArgumentException("the authority name " + UNRECOGNISED + " is reserved");
        }
        return of(value);
    }

    public String asString() {
        return value;
    }

    /** The bare name, not the record's {@code AuthorityName[value=…]}. */
    @Override
    public String toString() {
        return value;
    }
}
