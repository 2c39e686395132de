package org.ciers.authority.security;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts failed authentications per key (a client address, or a server ID at a client address) in fixed windows; a key
 * that reached its limit is refused (HTTP 429) until its window ends, even with good credentials,
 * so a passphrase cannot be brute-forced by interleaving good and bad attempts. One limiter per
 * kind of key, each with its own limit.
 */
public class AuthenticationFailureLimiter {
    /** Past this many tracked keys, ended windows are swept so an address scan cannot grow memory. */
    private static final int SWEEP_THRESHOLD = 100_000;

    private record Window(long startMillis, AtomicInteger failures) {
    }

    private final int maxFailures;
    private final long windowMillis;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public AuthenticationFailureLimiter(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    public boolean isBlocked(String key) {
        Window window = windows.get(key);
        return window != null && !ended(window, clock.millis()) && window.failures().get() >= maxFailures;
    }

    public void recordFailure(String key) {
        long now = clock.millis();
        if (windows.size() > SWEEP_THRESHOLD) {
            windows.values().removeIf(window -> ended(window, now));
        }
        windows.compute(key, (k, current) -> current == null || ended(current, now)
            ? new Window(now, new AtomicInteger(1))
            : increment(current));
    }

    private static Window increment(Window window) {
        window.failures().incrementAndGet();
        return window;
    }

    private boolean ended(Window window, long nowMillis) {
        return nowMillis - window.startMillis() >= windowMillis;
    }
}
