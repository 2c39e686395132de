package org.ciers.protocol.model;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A server passphrase as it travels in a request. Its {@link #toString()} never shows the value,
 * so a passphrase that ends up in a log line or an exception message is not disclosed.
 */
public final class Passphrase {
    public static final int LENGTH = 20;
    private final String value;

    private Passphrase(String value) {
        this.value = value;
    }

    public static Passphrase of(String value) {
        Objects.requireNonNull(value, "passphrase");
        if (!Syntax.isAlphanumeric(value, LENGTH, LENGTH, false)) {
            throw new IllegalArgumentException("a passphrase is " + LENGTH + " alphanumeric characters");
        }
        return new Passphrase(value);
    }

    /** The secret itself: only for hashing it or putting it on the wire. */
    public String reveal() {
        return value;
    }

    public byte[] bytes() {
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Passphrase other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "Passphrase[hidden]";
    }
}
