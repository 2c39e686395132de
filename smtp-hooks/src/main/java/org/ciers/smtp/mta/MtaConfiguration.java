package org.ciers.smtp.mta;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.util.DurationParser;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.client.MessageIdPool;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.TrustValue;
import org.ciers.protocol.settings.CiersProperties;

/**
 * A mail server's CIERS settings, read once from {@code ciers.properties}: where its authority is,
 * its own accreditation, (sending side) its pool of message IDs, and (receiving side) what it does
 * with mail with and without CIERS.
 */
public record MtaConfiguration(URI authorityUrl, Duration authorityTimeout, ServerId serverId, Passphrase passphrase,
                               MessageIdPool.Settings messageIdPool, Policy policy, TrustValue trustThreshold,
                               Duration reportRetryDelay) {

    /** Whether mail without a valid CIERS validation is accepted. */
    public enum Policy {
        /** Accept mail without CIERS, unstamped; mail with CIERS is stamped and checked against the threshold. */
        PREFER,
        /** Refuse mail without a valid CIERS validation. */
        REQUIRE
    }

    public static final String AUTHORITY_URL = "mta.authority.url";
    public static final String AUTHORITY_TIMEOUT = "mta.authority.timeout";
    public static final String SERVER_ID = "mta.server.id";
    public static final String PASSPHRASE = "mta.server.passphrase";
    public static final String POOL_SIZE = "mta.pool.size";
    public static final String POOL_REFILL_BELOW = "mta.pool.refillBelow";
    public static final String POOL_MIN_REMAINING = "mta.pool.minRemaining";
    public static final String POLICY = "rmta.policy";
    public static final String TRUST_THRESHOLD = "rmta.trust.threshold";
    public static final String REPORT_RETRY_DELAY = "rmta.report.retry.delay";

    public static final Duration DEFAULT_AUTHORITY_TIMEOUT = Duration.ofSeconds(5);
    /** Twenty deliveries to a domain without waiting for the authority; an unused ID costs the authority a logged transmission. */
    public static final int DEFAULT_POOL_SIZE = 20;
    /** Refilled while a few IDs are left, so that a burst of deliveries rarely finds the pool empty. */
    public static final int DEFAULT_POOL_REFILL_BELOW = 5;
    /** A delivery (connect, STARTTLS, CIERS, DATA of a large message) and the clocks' skew fit well within it. */
    public static final Duration DEFAULT_POOL_MIN_REMAINING = Duration.ofMinutes(5);
    public static final Policy DEFAULT_POLICY = Policy.PREFER;
    /** Below a quarter of full trust a sender domain has more standing reports than a mail server should accept. */
    public static final TrustValue DEFAULT_TRUST_THRESHOLD = TrustValue.of(BigDecimal.valueOf(5));
    /** A report the authority could not take is sent again after this, then after twice as long, up to an hour. */
    public static final Duration DEFAULT_REPORT_RETRY_DELAY = Duration.ofSeconds(30);

    public MtaConfiguration {
        Objects.requireNonNull(authorityUrl, AUTHORITY_URL);
        Objects.requireNonNull(authorityTimeout, AUTHORITY_TIMEOUT);
        Objects.requireNonNull(serverId, SERVER_ID);
        Objects.requireNonNull(passphrase, PASSPHRASE);
        Objects.requireNonNull(messageIdPool, "mta.pool");
        Objects.requireNonNull(policy, POLICY);
        Objects.requireNonNull(trustThreshold, TRUST_THRESHOLD);
        if (authorityTimeout.isZero() || authorityTimeout.isNegative()) {
            throw new IllegalArgumentException(AUTHORITY_TIMEOUT + " must be positive");
        }
        Objects.requireNonNull(reportRetryDelay, REPORT_RETRY_DELAY);
        if (reportRetryDelay.isZero() || reportRetryDelay.isNegative()) {
            throw new IllegalArgumentException(REPORT_RETRY_DELAY + " must be positive");
        }
    }

    public static MtaConfiguration from(CiersProperties settings) {
        return new MtaConfiguration(
            settings.required(AUTHORITY_URL, URI::create),
            settings.orDefault(AUTHORITY_TIMEOUT, DEFAULT_AUTHORITY_TIMEOUT, value -> DurationParser.parse(value, ChronoUnit.SECONDS)),
            settings.required(SERVER_ID, ServerId::of),
            settings.required(PASSPHRASE, Passphrase::of),
            messageIdPool(settings),
            settings.orDefault(POLICY, DEFAULT_POLICY, value -> Policy.valueOf(value.toUpperCase(Locale.ROOT))),
            settings.orDefault(TRUST_THRESHOLD, DEFAULT_TRUST_THRESHOLD, TrustValue::parse),
            settings.orDefault(REPORT_RETRY_DELAY, DEFAULT_REPORT_RETRY_DELAY, value -> DurationParser.parse(value, ChronoUnit.SECONDS)));
    }

    private static MessageIdPool.Settings messageIdPool(CiersProperties settings) {
        int size = settings.orDefault(POOL_SIZE, DEFAULT_POOL_SIZE, value -> between(value, 1, MessageIdPool.MAX_SIZE, ""));
        // a pool set smaller than the default threshold is refilled when it runs low, one ahead at size 1
        int refillBelow = settings.orDefault(POOL_REFILL_BELOW, Math.min(DEFAULT_POOL_REFILL_BELOW, size - 1),
            value -> between(value, 0, size - 1, " (below " + POOL_SIZE + " " + size + ")"));
        Duration minRemaining = settings.orDefault(POOL_MIN_REMAINING, DEFAULT_POOL_MIN_REMAINING,
            value -> DurationParser.parse(value, ChronoUnit.SECONDS));
        return new MessageIdPool.Settings(size, refillBelow, minRemaining);
    }

    private static int between(String value, int min, int max, String why) {
        IllegalArgumentException outOfRange = new IllegalArgumentException("must be a whole number from " + min + " to " + max + why);
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                throw outOfRange;
            }
            return number;
        } catch (NumberFormatException notANumber) {
            throw outOfRange;
        }
    }

    public AuthorityClient.Settings clientSettings() {
        return new AuthorityClient.Settings(authorityUrl, authorityTimeout, Optional.empty());
    }
}
