package org.ciers.protocol.model;

import java.util.Objects;

/**
 * The 20-character alphanumeric identifier the authority gives each registered mail domain.
 * A record whose constructor checks the form, so that no instance holds a malformed ID.
 */
public record ServerId(String value) {
    public static final int LENGTH = 20;

    public ServerId {
        Objects.requireNonNull(value, "server ID");
        if (!Syntax.isAlphanumeric(value, LENGTH, LENGTH, false)) {
            throw new IllegalArgumentException("a server ID is " + LENGTH + " alphanumeric characters");
        }
    }

    public static ServerId of(String value) {
        return new ServerId(value);
    }

    public String asString() {
        return value;
    }

    /** The bare ID, not the record's {@code ServerId[value=…]}. */
    @Override
    public String toString() {
        return value;
    }
}
