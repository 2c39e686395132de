package org.ciers.protocol.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A sender domain's trust, between 0 and 20, with at most two fraction digits
 * ({@code 20}, {@code 18.75}): the form used in headers and XML alike.
 * A record whose constructor checks, rounds and strips trailing zeros: with one form per number,
 * the record's {@code equals} ({@link BigDecimal#equals}, scale included) is numeric equality.
 */
public record TrustValue(BigDecimal value) implements Comparable<TrustValue> {
    public static final BigDecimal MIN = BigDecimal.ZERO;
    public static final BigDecimal MAX = BigDecimal.valueOf(20);
    public static final TrustValue FULL = new TrustValue(MAX);
    private static final int SCALE = 2;

    /** Rounds half-up to two fraction digits; a value outside [0, 20] is refused. */
    public TrustValue {
        Objects.requireNonNull(value, "trust value");
        if (value.compareTo(MIN) < 0 || value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("a trust value is between 0 and 20");
        }
        value = normalize(value.setScale(SCALE, RoundingMode.HALF_UP));
    }

    /** Parses the wire form; more than two fraction digits or a value outside [0, 20] is refused. */
    public static TrustValue parse(String text) {
        Objects.requireNonNull(text, "trust value");
        if (text.length() > 8) {
            throw new IllegalArgumentException("a trust value is a decimal between 0 and 20");
        }
        BigDecimal parsed;
        try {
            parsed = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a trust value is a decimal between 0 and 20");
        }
        if (parsed.scale() > SCALE) {
            throw new IllegalArgumentException("a trust value has at most two fraction digits");
        }
        return of(parsed);
    }

    /** Rounds half-up to two fraction digits; a value outside [0, 20] is refused. */
    public static TrustValue of(BigDecimal value) {
        return new TrustValue(value);
    }

    private static BigDecimal normalize(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    public BigDecimal asBigDecimal() {
        return value;
    }

    /** The wire form: {@code 20}, {@code 18.75}, {@code 0.5}. */
    public String asString() {
        return value.toPlainString();
    }

    public boolean isBelow(TrustValue other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(TrustValue other) {
        return value.compareTo(other.value);
    }

    /** The wire form, not the record's {@code TrustValue[value=…]}. */
    @Override
    public String toString() {
        return asString();
    }
}
