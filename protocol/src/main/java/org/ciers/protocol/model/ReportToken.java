package org.ciers.protocol.model;

import java.util.Objects;

/**
 * The secret the authority gives only to the validating RMTA, so that only the recipient side
 * can report or refute a message. Its {@link #toString()} never shows the value.
 */
public final class ReportToken extends Secret {
    private ReportToken(String value) {
        super(value);
    }

    public static ReportToken of(String value) {
        Objects.requireNonNull(value, "report token");
        if (!Syntax.isAlphanumeric(value, 16, 128, true)) {
            throw new IllegalArgumentException("a report token is 16 to 128 of A-Z a-z 0-9 _ -");
        }
        return new ReportToken(value);
    }
}
