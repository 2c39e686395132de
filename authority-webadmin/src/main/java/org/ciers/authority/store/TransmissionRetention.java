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
    /** The key's name while only Cassandra honoured it. */
    static final String RENAMED_KEY = "cassandra.transmission.retention";
    /** Long enough for a recipient to report a message weeks after it arrived. */
    public static final Duration DEFAULT = Duration.ofDays(30);
    /** Cassandra's longest TTL (20 years): a longer retention could not be written. */
    public static final Duration LONGEST = Duration.ofSeconds(630_720_000);

    private TransmissionRetention() {
    }

    public static Duration from(CiersProperties settings) {
        if (settings.optional(RENAMED_KEY, value -> value).isPresent()) {
            // refused rather than ignored: a retention set under the old name must not fall back to the default unseen
            throw new IllegalArgumentException(RENAMED_KEY + " is now " + KEY + " (it applies to every store)");
        }
        return settings.orDefault(KEY, DEFAULT, TransmissionRetention::parse);
    }

    /** A retention Cassandra can write as a TTL: whole seconds, from one second to {@link #LONGEST}. */
    public static Duration check(Duration retention) {
        if (retention.toSeconds() < 1 || retention.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(KEY + " must be between one second and 20 years");
        }
        return retention;
    }

    private static Duration parse(String value) {
        return check(DurationParser.parse(value, ChronoUnit.SECONDS));
    }
}
