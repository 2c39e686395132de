package org.ciers.protocol.model;

/** What a recipient says of a message in a client_response. */
public enum Verdict implements WireNamed {
    SPAM("spam"),
    NOT_SPAM("not_spam");

    private final String wireName;

    Verdict(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static Verdict fromWire(String value) {
        return WireNamed.fromWire(Verdict.class, value).orElseThrow(() -> new IllegalArgumentException("a verdict is spam or not_spam"));
    }
}
