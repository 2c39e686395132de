package org.ciers.protocol.model;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The secret the authority gives only to the validating RMTA, so that only the recipient side
 * can report or refute a message. Its {@link #toString()} never shows the value.
 */
public final class ReportToken {
    private final String value;

    private ReportToken(String value) {
        this.value = value;
    }

    public static ReportToken of(String value) {
        Objects.requireNonNull(value, "report token");
        if (!Syntax.isAlphanumeric(value, 16, 128, true)) {
            throw new IllegalArgumentException("a report token is 16 to 128 of A-Z a-z 0-9 _ -");
        }
        return new ReportToken(value);
    }

    public String reveal() {
        return value;
    }

    public byte[] bytes() {
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReportToken other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "ReportToken[hidden]";
    }
}
