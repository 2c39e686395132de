package org.ciers.authority.analytics;

import java.time.Duration;

import org.ciers.authority.AuthorityConfiguration;
import org.ciers.protocol.settings.CiersProperties;

/**
 * The analytics settings of {@code ciers.properties}, read once. The index's own settings (hosts,
 * credentials, TLS) are its module's: {@code authority.analytics.opensearch.*}.
 */
public record AnalyticsConfiguration(String kind, Duration figuresInterval, int batchSize, Duration maxRetryDelay,
                                     long minTransmissions) {
    /** Which index: {@value #NONE} (the default) or the kind an installed module offers, e.g. {@code opensearch}. */
    public static final String KIND = "authority.analytics";
    /** How often the daily figures of the domains with news are taken. */
    public static final String FIGURES_INTERVAL = "authority.analytics.figures.interval";
    /** The most records one bulk request carries. */
    public static final String BATCH_SIZE = "authority.analytics.batch.size";
    /** The longest wait between two attempts while the index does not answer. */
    public static final String MAX_RETRY_DELAY = "authority.analytics.retry.max";
    /** The fewest transmissions in a window for a domain to be ranked among the top offenders, unless the request says otherwise. */
    public static final String MIN_TRANSMISSIONS = "authority.analytics.top.min.transmissions";

    public static final String NONE = "none";
    public static final Duration DEFAULT_FIGURES_INTERVAL = Duration.ofMinutes(1);
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final int MAX_BATCH_SIZE = 5000;
    public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofMinutes(5);
    public static final long DEFAULT_MIN_TRANSMISSIONS = 100;

    public AnalyticsConfiguration {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException(KIND + " is required");
        }
        AuthorityConfiguration.positive(figuresInterval, FIGURES_INTERVAL);
        AuthorityConfiguration.positive(maxRetryDelay, MAX_RETRY_DELAY);
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException(BATCH_SIZE + " must be between 1 and " + MAX_BATCH_SIZE);
        }
        if (minTransmissions < 1) {
            throw new IllegalArgumentException(MIN_TRANSMISSIONS + " must be at least 1");
        }
    }

    public static AnalyticsConfiguration from(CiersProperties settings) {
        return new AnalyticsConfiguration(
            settings.orDefault(KIND, NONE, String::trim),
            settings.orDefault(FIGURES_INTERVAL, DEFAULT_FIGURES_INTERVAL, AuthorityConfiguration::duration),
            settings.orDefault(BATCH_SIZE, DEFAULT_BATCH_SIZE, Integer::parseInt),
            settings.orDefault(MAX_RETRY_DELAY, DEFAULT_MAX_RETRY_DELAY, AuthorityConfiguration::duration),
            settings.orDefault(MIN_TRANSMISSIONS, DEFAULT_MIN_TRANSMISSIONS, Long::parseLong));
    }

    public static AnalyticsConfiguration disabled() {
        return new AnalyticsConfiguration(NONE, DEFAULT_FIGURES_INTERVAL, DEFAULT_BATCH_SIZE, DEFAULT_MAX_RETRY_DELAY, DEFAULT_MIN_TRANSMISSIONS);
    }

    public boolean enabled() {
        return !NONE.equals(kind);
    }
}
