package org.ciers.authority;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.util.DurationParser;
import org.ciers.authority.security.PassphraseHasher;
import org.ciers.authority.store.TransmissionRetention;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.settings.CiersProperties;

import com.google.common.net.InetAddresses;

/**
 * The authority's settings, read once from {@code ciers.properties}. Every key has a default, so
 * an empty file (or none) gives a working single-node authority; a bad value stops start-up with
 * a message naming the key.
 */
public record AuthorityConfiguration(AuthorityName name, Duration transmissionExpiry, int maxAuthenticationFailures,
                                     int maxAuthenticationFailuresPerAddress, Duration authenticationFailureWindow, int passphraseHashIterations,
                                     long credentialCacheSize, String store, Optional<String> notificationFrom,
                                     Optional<CaKey> caKey, URI portalUrl, Duration domainCacheTtl,
                                     List<InetAddress> trustedProxies, int portalRequestsPerAddress,
                                     Duration transmissionRetention) {

    /** The AES-256 key that encrypts the CA's private key at rest. */
    public record CaKey(byte[] bytes) {
        public CaKey {
            if (bytes.length != 32) {
                throw new IllegalArgumentException("32 bytes, base64");
            }
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String toString() {
            return "CaKey[hidden]";
        }
    }

    public static final String NAME = "authority.name";
    public static final String TRANSMISSION_EXPIRY = "authority.transmission.expiry";
    public static final String MAX_AUTHENTICATION_FAILURES = "authority.authentication.failures.max";
    public static final String MAX_AUTHENTICATION_FAILURES_PER_ADDRESS = "authority.authentication.failures.address.max";
    public static final String AUTHENTICATION_FAILURE_WINDOW = "authority.authentication.failures.window";
    public static final String PASSPHRASE_HASH_ITERATIONS = "authority.passphrase.hash.iterations";
    public static final String CREDENTIAL_CACHE_SIZE = "authority.credential.cache.size";
    public static final String STORE = "authority.store";
    public static final String NOTIFICATION_FROM = "authority.notification.from";
    public static final String CA_KEY = "authority.ca.key";
    public static final String PORTAL_URL = "authority.portal.url";
    public static final String DOMAIN_CACHE_TTL = "authority.domain.cache.ttl";
    /** Proxies whose {@code X-Forwarded-For} names the client (see {@code ClientAddresses}); none by default. */
    public static final String TRUSTED_PROXIES = "authority.trusted.proxies";
    /** Sign-ups and domain requests (each mails someone) one client address may make an hour. */
    public static final String PORTAL_REQUESTS_PER_ADDRESS = "authority.portal.requests.per.address";
    public static final int DEFAULT_PORTAL_REQUESTS_PER_ADDRESS = 10;
    /** Where links in the authority's mails point when nothing else is configured (WebAdmin's default port). */
    public static final URI DEFAULT_PORTAL_URL = URI.create("http://127.0.0.1:8000");

    public static final AuthorityName DEFAULT_NAME = AuthorityName.of("ciers");
    public static final Duration DEFAULT_TRANSMISSION_EXPIRY = Duration.ofHours(1);
    public static final int DEFAULT_MAX_AUTHENTICATION_FAILURES = 10;
    /** Higher than per server ID: many servers may share one address (a provider's outbound NAT). */
    public static final int DEFAULT_MAX_AUTHENTICATION_FAILURES_PER_ADDRESS = 100;
    public static final Duration DEFAULT_AUTHENTICATION_FAILURE_WINDOW = Duration.ofMinutes(5);
    public static final int DEFAULT_PASSPHRASE_HASH_ITERATIONS = PassphraseHasher.DEFAULT_ITERATIONS;
    public static final int MIN_PASSPHRASE_HASH_ITERATIONS = 10_000;
    public static final long DEFAULT_CREDENTIAL_CACHE_SIZE = 100_000;
    /** How long a node keeps a registered domain it read: every request authenticates by server ID. */
    public static final Duration DEFAULT_DOMAIN_CACHE_TTL = Duration.ofSeconds(10);
    public static final String DEFAULT_STORE = "memory";

    public AuthorityConfiguration {
        Objects.requireNonNull(name, NAME);
        positive(transmissionExpiry, TRANSMISSION_EXPIRY);
        Objects.requireNonNull(transmissionRetention, TransmissionRetention.KEY);
        if (transmissionRetention.compareTo(transmissionExpiry) < 0) {
            // a validation or a receipt forgotten while its ID is still valid could be counted again
            throw new IllegalArgumentException(TransmissionRetention.KEY + " (" + transmissionRetention + ") must be at least "
                + TRANSMISSION_EXPIRY + " (" + transmissionExpiry + ")");
        }
        positive(authenticationFailureWindow, AUTHENTICATION_FAILURE_WINDOW);
        if (maxAuthenticationFailures < 1) {
            throw new IllegalArgumentException(MAX_AUTHENTICATION_FAILURES + " must be at least 1");
        }
        if (maxAuthenticationFailuresPerAddress < 1) {
            throw new IllegalArgumentException(MAX_AUTHENTICATION_FAILURES_PER_ADDRESS + " must be at least 1");
        }
        if (passphraseHashIterations < MIN_PASSPHRASE_HASH_ITERATIONS) {
            throw new IllegalArgumentException(PASSPHRASE_HASH_ITERATIONS + " must be at least " + MIN_PASSPHRASE_HASH_ITERATIONS);
        }
        if (credentialCacheSize < 1) {
            throw new IllegalArgumentException(CREDENTIAL_CACHE_SIZE + " must be at least 1");
        }
        Objects.requireNonNull(store, STORE);
        Objects.requireNonNull(notificationFrom, NOTIFICATION_FROM);
        Objects.requireNonNull(caKey, CA_KEY);
        Objects.requireNonNull(portalUrl, PORTAL_URL);
        Objects.requireNonNull(domainCacheTtl, DOMAIN_CACHE_TTL);
        trustedProxies = List.copyOf(trustedProxies);
        if (portalRequestsPerAddress < 1) {
            throw new IllegalArgumentException(PORTAL_REQUESTS_PER_ADDRESS + " must be at least 1");
        }
        if (domainCacheTtl.isNegative()) {
            throw new IllegalArgumentException(DOMAIN_CACHE_TTL + " must be 0 (no cache) or positive");
        }
    }

    public static AuthorityConfiguration from(CiersProperties settings) {
        return new AuthorityConfiguration(
            settings.orDefault(NAME, DEFAULT_NAME, AuthorityName::forAnAuthority),
            settings.orDefault(TRANSMISSION_EXPIRY, DEFAULT_TRANSMISSION_EXPIRY, AuthorityConfiguration::duration),
            settings.orDefault(MAX_AUTHENTICATION_FAILURES, DEFAULT_MAX_AUTHENTICATION_FAILURES, Integer::parseInt),
            settings.orDefault(MAX_AUTHENTICATION_FAILURES_PER_ADDRESS, DEFAULT_MAX_AUTHENTICATION_FAILURES_PER_ADDRESS, Integer::parseInt),
            settings.orDefault(AUTHENTICATION_FAILURE_WINDOW, DEFAULT_AUTHENTICATION_FAILURE_WINDOW, AuthorityConfiguration::duration),
            settings.orDefault(PASSPHRASE_HASH_ITERATIONS, DEFAULT_PASSPHRASE_HASH_ITERATIONS, Integer::parseInt),
            settings.orDefault(CREDENTIAL_CACHE_SIZE, DEFAULT_CREDENTIAL_CACHE_SIZE, Long::parseLong),
            settings.orDefault(STORE, DEFAULT_STORE, value -> value.toLowerCase(Locale.ROOT)),
            settings.optional(NOTIFICATION_FROM, AuthorityConfiguration::mailAddress),
            settings.optional(CA_KEY, value -> new CaKey(Base64.getDecoder().decode(value))),
            settings.orDefault(PORTAL_URL, DEFAULT_PORTAL_URL, URI::create),
            settings.orDefault(DOMAIN_CACHE_TTL, DEFAULT_DOMAIN_CACHE_TTL, AuthorityConfiguration::duration),
            settings.orDefault(TRUSTED_PROXIES, List.of(), AuthorityConfiguration::ipAddresses),
            settings.orDefault(PORTAL_REQUESTS_PER_ADDRESS, DEFAULT_PORTAL_REQUESTS_PER_ADDRESS, Integer::parseInt),
            TransmissionRetention.from(settings));
    }

    /** Comma-separated IP literals (never host names: nothing here may cause a DNS lookup). */
    private static List<InetAddress> ipAddresses(String value) {
        return Arrays.stream(value.split(","))
            .map(String::trim)
            .filter(entry -> !entry.isEmpty())
            .map(entry -> {
                if (!InetAddresses.isInetAddress(entry)) {
                    throw new IllegalArgumentException("not an IP address: " + entry);
                }
                return InetAddresses.forString(entry);
            })
            .toList();
    }

    private static String mailAddress(String value) {
        if (!value.matches("[^@\\s]+@[^@\\s]+")) {
            throw new IllegalArgumentException("not a mail address");
        }
        return value;
    }

    /** A duration in James's syntax ({@code 30s}, {@code 10m}; a bare number is seconds): every authority setting reads them so. */
    public static Duration duration(String value) {
        return DurationParser.parse(value, ChronoUnit.SECONDS);
    }

    /** @throws IllegalArgumentException naming {@code key} unless the duration is positive */
    public static void positive(Duration duration, String key) {
        Objects.requireNonNull(duration, key);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(key + " must be positive");
        }
    }
}
