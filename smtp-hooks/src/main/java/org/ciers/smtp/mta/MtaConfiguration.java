package org.ciers.smtp.mta;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import org.apache.james.util.DurationParser;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.client.MessageIdPool;
import org.ciers.protocol.message.ValidationReceiptsRequest;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.TrustValue;
import org.ciers.protocol.settings.CiersProperties;

/**
 * A mail server's CIERS settings, read once from {@code ciers.properties}: where its authority is,
 * its own accreditation, (sending side) its pool of message IDs, and (receiving side) what it does
 * with mail with and without CIERS, how it checks message IDs and how it reports the IDs it checked itself.
 */
public record MtaConfiguration(URI authorityUrl, Duration authorityTimeout, ServerId serverId, Passphrase passphrase,
                               MessageIdPool.Settings messageIdPool, Policy policy, TrustValue trustThreshold,
                               Duration reportRetryDelay, Validation validation, Receipts receipts, Optional<String> authorityTrust) {

    /** Whether mail without a valid CIERS validation is accepted. */
    public enum Policy {
        /** Accept mail without CIERS, unstamped; mail with CIERS is stamped and checked against the threshold. */
        PREFER,
        /** Refuse mail without a valid CIERS validation. */
        REQUIRE
    }

    /** Who checks a message ID presented in {@code initiate_send} (spec §10). */
    public enum ValidationMode {
        /** This server checks signed IDs itself and sends receipts later; other IDs are asked to the authority. */
        OFFLINE,
        /** Every ID is asked to the authority ({@code trust_value}). */
        ONLINE
    }

    /**
     * How the receiving server checks signed message IDs.
     *
     * @param clockSkew            how far this server's clock may be from the authority's: an ID is accepted until its expiry plus this
     * @param replayCapacity       the most IDs remembered at once (each until its expiry plus the skew); when full, CIERS answers 454
     * @param keysRefetchInterval  the shortest time between two fetches of the authority's key set
     * @param keysMaxAge           how old the key set held may grow before it is fetched again (in the background): a key the
     *                             authority removed is refused within about this time
     */
    public record Validation(ValidationMode mode, Duration clockSkew, int replayCapacity, Duration keysRefetchInterval,
                             Duration keysMaxAge) {
        public Validation {
            Objects.requireNonNull(mode, VALIDATION);
            notNegative(clockSkew, CLOCK_SKEW);
            positive(keysRefetchInterval, KEYS_REFETCH_INTERVAL);
            positive(keysMaxAge, KEYS_MAX_AGE);
            if (replayCapacity < 1) {
                throw new IllegalArgumentException(REPLAY_CAPACITY + " must be positive");
            }
        }
    }

    /**
     * How the receiving server sends the receipts of the IDs it validated offline.
     *
     * @param batchSize   the most receipts in one {@code validation_receipts} request
     * @param delay       the longest a receipt waits for its batch to fill
     * @param retryDelay  the first wait before a batch the authority did not answer is sent again; it doubles up to an hour
     * @param directory   where the receipts wait for the authority's answer, as a James file location
     * @param maxOutstanding the most receipts waiting for the authority at once; past it, a signed ID is answered 454
     */
    public record Receipts(int batchSize, Duration delay, Duration retryDelay, String directory, int maxOutstanding) {
        public Receipts {
            Objects.requireNonNull(directory, RECEIPTS_DIRECTORY);
            if (maxOutstanding < 1) {
                throw new IllegalArgumentException(RECEIPTS_MAX_OUTSTANDING + " must be positive");
            }
            if (batchSize < 1 || batchSize > ValidationReceiptsRequest.MAX_RECEIPTS) {
                throw new IllegalArgumentException(RECEIPTS_BATCH_SIZE + " must be 1 to " + ValidationReceiptsRequest.MAX_RECEIPTS);
            }
            positive(delay, RECEIPTS_DELAY);
            positive(retryDelay, RECEIPTS_RETRY_DELAY);
        }
    }

    public static final String AUTHORITY_URL = "mta.authority.url";
    public static final String AUTHORITY_TIMEOUT = "mta.authority.timeout";
    /** PEM CA certificates (a James file URL) trusted, beside the JVM's store, for the authority's HTTPS. */
    public static final String AUTHORITY_TRUST = "mta.authority.trust";
    public static final String SERVER_ID = "mta.server.id";
    public static final String PASSPHRASE = "mta.server.passphrase";
    public static final String POOL_SIZE = "mta.pool.size";
    public static final String POOL_REFILL_BELOW = "mta.pool.refillBelow";
    public static final String POOL_MIN_REMAINING = "mta.pool.minRemaining";
    public static final String POLICY = "rmta.policy";
    public static final String TRUST_THRESHOLD = "rmta.trust.threshold";
    public static final String REPORT_RETRY_DELAY = "rmta.report.retry.delay";
    public static final String VALIDATION = "rmta.validation";
    public static final String CLOCK_SKEW = "rmta.validation.clock.skew";
    public static final String REPLAY_CAPACITY = "rmta.validation.replay.capacity";
    public static final String KEYS_REFETCH_INTERVAL = "rmta.keys.refetch.interval";
    public static final String KEYS_MAX_AGE = "rmta.keys.max.age";
    public static final String RECEIPTS_BATCH_SIZE = "rmta.receipts.batch.size";
    public static final String RECEIPTS_DELAY = "rmta.receipts.delay";
    public static final String RECEIPTS_RETRY_DELAY = "rmta.receipts.retry.delay";
    public static final String RECEIPTS_DIRECTORY = "rmta.receipts.directory";
    public static final String RECEIPTS_MAX_OUTSTANDING = "rmta.receipts.max.outstanding";

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
    public static final ValidationMode DEFAULT_VALIDATION = ValidationMode.OFFLINE;
    /** Servers kept on NTP are within a second of each other; two minutes forgives a badly kept clock. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(2);
    /** About 270 messages a second over the authority's default ID lifetime (one hour); at most about 25 bytes of memory each. */
    public static final int DEFAULT_REPLAY_CAPACITY = 1_000_000;
    /** An unknown key ID makes at most two requests a minute to the authority, whoever sends them. */
    public static final Duration DEFAULT_KEYS_REFETCH_INTERVAL = Duration.ofSeconds(30);
    /** A removed key (a compromised one) is refused within five minutes, for one background fetch per five minutes. */
    public static final Duration DEFAULT_KEYS_MAX_AGE = Duration.ofMinutes(5);
    public static final int DEFAULT_RECEIPTS_BATCH_SIZE = ValidationReceiptsRequest.MAX_RECEIPTS;
    public static final Duration DEFAULT_RECEIPTS_DELAY = Duration.ofSeconds(2);
    public static final Duration DEFAULT_RECEIPTS_RETRY_DELAY = Duration.ofSeconds(10);
    /** Beside James's own mail repositories, under its working directory. */
    public static final String DEFAULT_RECEIPTS_DIRECTORY = "file://var/ciers/receipts/";
    /**
     * Each waiting receipt holds about 350 bytes of heap besides its journal line: 70 MB at most, half
     * an hour of an authority outage at 100 messages a second before senders are told to retry later.
     */
    public static final int DEFAULT_RECEIPTS_MAX_OUTSTANDING = 200_000;

    public MtaConfiguration {
        Objects.requireNonNull(authorityUrl, AUTHORITY_URL);
        Objects.requireNonNull(serverId, SERVER_ID);
        Objects.requireNonNull(passphrase, PASSPHRASE);
        Objects.requireNonNull(messageIdPool, "mta.pool");
        Objects.requireNonNull(policy, POLICY);
        Objects.requireNonNull(trustThreshold, TRUST_THRESHOLD);
        positive(authorityTimeout, AUTHORITY_TIMEOUT);
        positive(reportRetryDelay, REPORT_RETRY_DELAY);
        Objects.requireNonNull(validation, VALIDATION);
        Objects.requireNonNull(receipts, "rmta.receipts");
        Objects.requireNonNull(authorityTrust, AUTHORITY_TRUST);
        try {
            // the parameters: the fields are not assigned yet in a compact constructor
            new AuthorityClient.Settings(authorityUrl, authorityTimeout, Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(AUTHORITY_URL + ": " + e.getMessage(), e);
        }
    }

    public static MtaConfiguration from(CiersProperties settings) {
        return new MtaConfiguration(
            settings.required(AUTHORITY_URL, URI::create),
            settings.orDefault(AUTHORITY_TIMEOUT, DEFAULT_AUTHORITY_TIMEOUT, MtaConfiguration::duration),
            settings.required(SERVER_ID, ServerId::of),
            settings.required(PASSPHRASE, Passphrase::of),
            messageIdPool(settings),
            settings.orDefault(POLICY, DEFAULT_POLICY, value -> Policy.valueOf(value.toUpperCase(Locale.ROOT))),
            settings.orDefault(TRUST_THRESHOLD, DEFAULT_TRUST_THRESHOLD, TrustValue::parse),
            settings.orDefault(REPORT_RETRY_DELAY, DEFAULT_REPORT_RETRY_DELAY, MtaConfiguration::duration),
            new Validation(
                settings.orDefault(VALIDATION, DEFAULT_VALIDATION, value -> ValidationMode.valueOf(value.toUpperCase(Locale.ROOT))),
                settings.orDefault(CLOCK_SKEW, DEFAULT_CLOCK_SKEW, MtaConfiguration::duration),
                settings.orDefault(REPLAY_CAPACITY, DEFAULT_REPLAY_CAPACITY, Integer::parseInt),
                settings.orDefault(KEYS_REFETCH_INTERVAL, DEFAULT_KEYS_REFETCH_INTERVAL, MtaConfiguration::duration),
                settings.orDefault(KEYS_MAX_AGE, DEFAULT_KEYS_MAX_AGE, MtaConfiguration::duration)),
            new Receipts(
                settings.orDefault(RECEIPTS_BATCH_SIZE, DEFAULT_RECEIPTS_BATCH_SIZE, Integer::parseInt),
                settings.orDefault(RECEIPTS_DELAY, DEFAULT_RECEIPTS_DELAY, MtaConfiguration::duration),
                settings.orDefault(RECEIPTS_RETRY_DELAY, DEFAULT_RECEIPTS_RETRY_DELAY, MtaConfiguration::duration),
                settings.orDefault(RECEIPTS_DIRECTORY, DEFAULT_RECEIPTS_DIRECTORY, value -> value),
                settings.orDefault(RECEIPTS_MAX_OUTSTANDING, DEFAULT_RECEIPTS_MAX_OUTSTANDING, Integer::parseInt)),
            settings.optional(AUTHORITY_TRUST, value -> value));
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

    /** The client's settings, with the trust made from {@link #authorityTrust} (empty: the JVM's trust store). */
    public AuthorityClient.Settings clientSettings(Optional<SSLContext> trust) {
        return new AuthorityClient.Settings(authorityUrl, authorityTimeout, trust);
    }

    private static Duration duration(String value) {
        return DurationParser.parse(value, ChronoUnit.SECONDS);
    }

    private static void positive(Duration duration, String key) {
        Objects.requireNonNull(duration, key);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(key + " must be positive");
        }
    }

    private static void notNegative(Duration duration, String key) {
        Objects.requireNonNull(duration, key);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(key + " must not be negative");
        }
    }
}
