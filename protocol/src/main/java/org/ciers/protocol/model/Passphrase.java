package org.ciers.protocol.model;

import java.util.Objects;

/**
 * A server passphrase as it travels in a request. Its {@link #toString()} never shows the value,
 * so a passphrase that ends up in a log line or an exception message is not disclosed.
 */
public final class Passphrase extends Secret {
    public static final int LENGTH = 20;

    private Passphrase(String value) {
        super(value);
    }

    public static Passphrase of(String value) {
        Objects.requireNonNull(value, "passphrase");
        if (!Syntax.isAlphanumeric(value, LENGTH, LENGTH, false)) {
            throw new IllegalArgumentException("a passphrase is " + LENGTH + " alphanumeric characters");
        }
        return new Passphrase(value);
    }
}
