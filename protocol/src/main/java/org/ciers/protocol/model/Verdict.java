package org.ciers.protocol.model;

import java.util.Arrays;

/** What a recipient says of a message in a client_response. */
public enum Verdict {
    SPAM("spam"),
    NOT_SPAM("not_spam");

    private final String wireName;

    Verdict(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Verdict fromWire(String value) {
        return Arrays.stream(values())
            .filter(verdict -> verdict.wireName.equals(value))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("a verdict is spam or not_spam"));
    }
}
