package org.ciers.authority.cassandra;

import java.time.Duration;
import java.time.Instant;

import com.datastax.oss.driver.api.core.CqlIdentifier;

/** The TTLs the stores write with ({@code USING TTL :ttl}): whole seconds, as Cassandra counts them. */
final class Ttl {
    /** The bind marker of every {@code USING TTL}. */
    static final CqlIdentifier MARKER = CqlIdentifier.fromCql("ttl");
    /** How long a row outlives the expiry it carries: its own {@code expires_at} decides, the TTL only cleans up. */
    static final Duration PAST_EXPIRY = Duration.ofMinutes(1);

    private Ttl() {
    }

    /** A row kept for {@code retention}. */
    static int of(Duration retention) {
        return Math.toIntExact(retention.toSeconds());
    }

    /** A row kept a little past {@code expiresAt}, and at least a second. */
    static int pastExpiry(Instant expiresAt) {
        long seconds = Math.max(1, Duration.between(Instant.now(), expiresAt).plus(PAST_EXPIRY).toSeconds());
        return (int) Math.min(Integer.MAX_VALUE, seconds);
    }
}
