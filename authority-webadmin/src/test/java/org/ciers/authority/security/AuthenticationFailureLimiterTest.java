package org.ciers.authority.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class AuthenticationFailureLimiterTest {
    static class SettableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T10:00:00Z"));

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Test
    void blocksAKeyAtTheLimitUntilItsWindowEnds() {
        SettableClock clock = new SettableClock();
        AuthenticationFailureLimiter limiter = new AuthenticationFailureLimiter(3, Duration.ofMinutes(1), clock);

        limiter.recordFailure("server:x");
        limiter.recordFailure("server:x");
        assertThat(limiter.isBlocked("server:x")).isFalse();
        limiter.recordFailure("server:x");
        assertThat(limiter.isBlocked("server:x")).isTrue();
        assertThat(limiter.isBlocked("server:y")).isFalse();

        clock.now.set(clock.now.get().plusSeconds(61));
        assertThat(limiter.isBlocked("server:x")).isFalse();
    }
}
