package org.ciers.authority.store;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.apache.james.util.DurationParser;
import org.ciers.protocol.settings.CiersProperties;

/**
 * How long every kind of store keeps a logged transmission ({@code authority.transmission.retention}
 * in ciers.properties): Cassandra as a TTL on every write, the memory twin by its clock. Reports can
 * be filed only while their transmission is kept.
 */
public final class TransmissionRetention {
    public static final String KEY = "authority.transmission.retention";
    /** The key's name while only Cassandra honoured it; read when {@link #KEY} is absent. */
    public static final String FORMER_KEY = "cassandra.transmission.retention";
    /** Long enough for a recipient to report a message weeks after it arrived. */
    public static final Duration DEFAULT = Duration.ofDays(30);

    private TransmissionRetention() {
    }

    public static Duration from(CiersProperties settings) {
        return settings.optional(KEY, TransmissionRetention::parse)
            .or(() -> settings.optional(FORMER_KEY, TransmissionRetention::parse))
            .orElse(DEFAULT);
    }

    /** A retention Cassandra can write as a TTL: whole seconds, at least one. */
    public static Duration check(Duration retention) {
        if (retention.toSeconds() < 1 || retention.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(KEY + " must be between one second and 68 years");
        }
        return retention;
    }

    private static Duration parse(String value) {
        return check(DurationParser.parse(value, ChronoUnit.SECONDS));
    }
}
