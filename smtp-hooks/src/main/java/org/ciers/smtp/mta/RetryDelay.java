package org.ciers.smtp.mta;

import java.time.Duration;
import java.util.Objects;

/**
 * How long something the authority did not take (a report, a batch of receipts) waits before it is
 * sent again: {@code first}, then twice as long after each failure, never more than {@code longest}.
 * A down authority is asked less and less often, and never in a loop.
 */
public record RetryDelay(Duration first, Duration longest) {
    /** The longest wait of every outbox of this project. */
    public static final Duration LONGEST = Duration.ofHours(1);

    public RetryDelay {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(longest, "longest");
        if (first.isZero() || first.isNegative() || longest.isZero() || longest.isNegative()) {
            throw new IllegalArgumentException("retry delays are positive");
        }
    }

    public static RetryDelay upToAnHour(Duration first) {
        return new RetryDelay(first, LONGEST);
    }

    /** The wait after the given number of failed attempts (1 for the first failure). */
    public Duration after(int attempts) {
        Duration delay = first.multipliedBy(1L << Math.min(Math.max(attempts, 1) - 1, 16));
        return delay.compareTo(longest) > 0 ? longest : delay;
    }
}
