package org.ciers.protocol.model;

import java.nio.charset.StandardCharsets;

/**
 * What a {@link Passphrase} and a {@link ReportToken} share: equality by value, and a
 * {@link #toString()} that never shows the value, so a secret that ends up in a log line or an
 * exception message is not disclosed. A class, not a record: a record would hand the value out
 * through a public accessor and print it in its default {@code toString}.
 */
abstract sealed class Secret permits Passphrase, ReportToken {
    private final String value;

    /** Only for a value the subclass's {@code of} has checked. */
    Secret(String value) {
        this.value = value;
    }

    /** The secret itself: only for hashing it or putting it on the wire. */
    public String reveal() {
        return value;
    }

    public byte[] bytes() {
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof Secret other && other.getClass() == getClass() && value.equals(other.value);
    }

    @Override
    public final int hashCode() {
        return value.hashCode();
    }

    /** {@code Passphrase[hidden]}, {@code ReportToken[hidden]}. */
    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[hidden]";
    }
}
