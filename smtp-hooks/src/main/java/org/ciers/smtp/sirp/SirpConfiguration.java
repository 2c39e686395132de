package org.ciers.smtp.sirp;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.util.DurationParser;
import org.ciers.protocol.model.TrustValue;
import org.ciers.protocol.settings.CiersProperties;

/**
 * The {@code sirp.*} keys of a mail server's ciers.properties (spec §6).
 *
 * @param secret        the key of this server's msids (base64); never leaves the server
 * @param repository    the James mail repository URL under which waiting messages are kept, one folder per sender
 * @param expiry        how long a message waits to be pulled
 * @param pushThreshold when present, SIRP decides push or pull here: CIERS mail from senders at or above it is
 *                      pushed (DATA), all other mail must come as MSID; when absent, everything is pushed
 * @param pullGateway   {@code host:port} this server pulls from, whatever the sender's host (a relay the operator sets)
 * @param pullPort      the port pulls connect to at the address that notified
 */
public record SirpConfiguration(Optional<byte[]> secret, String repository, Duration expiry, Optional<TrustValue> pushThreshold,
                                Optional<String> pullGateway, Optional<String> pullTrust, int pullPort) {
    public static final String SECRET = "sirp.secret";
    public static final String REPOSITORY = "sirp.repository";
    public static final String EXPIRY = "sirp.expiry";
    public static final String PUSH_THRESHOLD = "sirp.push.threshold";
    /** Where this server pulls from instead of the sender's host on port 25 ({@code host:port}), as RemoteDelivery's gateway. */
    public static final String PULL_GATEWAY = "sirp.pull.gateway";
    /** The port pulls connect to at the address that notified: 25, or another for tests on loopback. */
    public static final String PULL_PORT = "sirp.pull.port";
    public static final int DEFAULT_PULL_PORT = 25;
    /** PEM CA certificates (a James file URL) trusted, beside the JVM's store, for the sender's STARTTLS when pulling. */
    public static final String PULL_TRUST = "sirp.pull.trust";
    public static final String DEFAULT_REPOSITORY = "memory://var/mail/sirp";
    public static final Duration DEFAULT_EXPIRY = Duration.ofDays(7);

    public SirpConfiguration {
        Objects.requireNonNull(secret, SECRET);
        secret.ifPresent(bytes -> {
            if (bytes.length < 16) {
                throw new IllegalArgumentException(SECRET + " must be at least 16 bytes");
            }
        });
        Objects.requireNonNull(repository, REPOSITORY);
        Objects.requireNonNull(expiry, EXPIRY);
        Objects.requireNonNull(pushThreshold, PUSH_THRESHOLD);
        Objects.requireNonNull(pullGateway, PULL_GATEWAY);
        Objects.requireNonNull(pullTrust, PULL_TRUST);
        if (pullPort < 1 || pullPort > 65_535) {
            throw new IllegalArgumentException(PULL_PORT + " must be a port number");
        }
    }

    public static SirpConfiguration from(CiersProperties settings) {
        return new SirpConfiguration(
            settings.optional(SECRET, value -> Base64.getDecoder().decode(value)),
            settings.orDefault(REPOSITORY, DEFAULT_REPOSITORY, value -> value.endsWith("/") ? value.substring(0, value.length() - 1) : value),
            settings.orDefault(EXPIRY, DEFAULT_EXPIRY, value -> DurationParser.parse(value, ChronoUnit.SECONDS)),
            settings.optional(PUSH_THRESHOLD, TrustValue::parse),
            settings.optional(PULL_GATEWAY, value -> value),
            settings.optional(PULL_TRUST, value -> value),
            settings.orDefault(PULL_PORT, DEFAULT_PULL_PORT, Integer::parseInt));
    }

    @Override
    public String toString() {
        return "SirpConfiguration[secret " + (secret.isPresent() ? "set" : "per process") + ", " + repository + ", expiry " + expiry
            + ", push " + pushThreshold.map(TrustValue::toString).orElse("always") + "]";
    }
}
