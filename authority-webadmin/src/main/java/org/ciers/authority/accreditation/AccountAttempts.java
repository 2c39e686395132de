package org.ciers.authority.accreditation;

import java.time.Clock;
import java.time.Duration;

import org.ciers.authority.security.AuthenticationFailureLimiter;

/**
 * Bounds what can be tried against a portal account: resends, wrong codes and wrong passwords per
 * username within a window, then 429. Callers key each kind apart ({@code login:}, {@code code:},
 * {@code resend:}), so one kind never uses up another's allowance.
 */
final class AccountAttempts {
    /** Resends, wrong codes and wrong passwords per username within the window. */
    private static final int MAX_ATTEMPTS = 5;
    private static final Duration ATTEMPT_WINDOW = Duration.ofMinutes(15);

    private final AuthenticationFailureLimiter limiter;

    AccountAttempts(Clock clock) {
        this.limiter = new AuthenticationFailureLimiter(MAX_ATTEMPTS, ATTEMPT_WINDOW, clock);
    }

    void refuseWhenBlocked(String key) {
        if (limiter.isBlocked(key)) {
            throw new AccountException(AccountException.Reason.TOO_MANY_ATTEMPTS, "too many attempts; wait a few minutes");
        }
    }

    void recordFailure(String key) {
        limiter.recordFailure(key);
    }
}
