package org.ciers.authority.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.ciers.protocol.SettableClock;
import org.junit.jupiter.api.Test;

class AuthenticationFailureLimiterTest {
    @Test
    void blocksAKeyAtTheLimitUntilItsWindowEnds() {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-23T10:00:00Z"));
        AuthenticationFailureLimiter limiter = new AuthenticationFailureLimiter(3, Duration.ofMinutes(1), clock);

        limiter.recordFailure("server:x");
        limiter.recordFailure("server:x");
        assertThat(limiter.isBlocked("server:x")).isFalse();
        limiter.recordFailure("server:x");
        assertThat(limiter.isBlocked("server:x")).isTrue();
        assertThat(limiter.isBlocked("server:y")).isFalse();

        clock.advance(Duration.ofSeconds(61));
        assertThat(limiter.isBlocked("server:x")).isFalse();
    }
}
