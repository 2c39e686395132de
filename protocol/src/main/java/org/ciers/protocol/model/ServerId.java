package org.ciers.protocol.model;

import java.util.Objects;

/** The 20-character alphanumeric identifier the authority gives each registered mail domain. */
public final class ServerId {
    public static final int LENGTH = 20;
    private final String value;

    private ServerId(String value) {
        this.value = value;
    }

    public static ServerId of(String value) {
        Objects.requireNonNull(value, "server ID");
        if (!Syntax.isAlphanumeric(value, LENGTH, LENGTH, false)) {
            throw new IllegalArgumentException("a server ID is " + LENGTH + " alphanumeric characters");
        }
        return new ServerId(value);
    }

    public String asString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerId other && value.equals(other.value);
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
