package org.ciers.smtp.rmta.offline;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.client.AuthorityRejectedException;
import org.ciers.protocol.client.AuthorityUnavailableException;
import org.ciers.smtp.metrics.CiersMetrics;
import org.ciers.smtp.mta.MtaConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authority's key set ({@code GET /ciers/v1/keys}), held in memory: fetched when the first signed
 * ID arrives and again when an ID names a key ID the set does not list (a new key). Fetches are at
 * least {@code rmta.keys.refetch.interval} apart, whatever is presented: a stranger sending made-up
 * key IDs cannot make this server hammer the authority, and a down authority is asked once per
 * interval. A fetch that fails keeps the set held. A set older than {@code rmta.keys.max.age} is fetched
 * again in the background (the SMTP session goes on with the one held), so that a key the authority
 * removed, and every ID it signed, stops being accepted within that time.
 */
@Singleton
public class AuthorityKeys {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuthorityKeys.class);
    private static final ExecutorService BACKGROUND = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ciers-key-set-refresh");
        thread.setDaemon(true);
        return thread;
    });

    private final AuthorityClient authority;
    private final CiersMetrics metrics;
    private final Duration refetchInterval;
    private final Duration maxAge;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Optional<KeySet> held = Optional.empty();
    private volatile Instant lastFetch;

    @Inject
    public AuthorityKeys(AuthorityClient authority, MtaConfiguration configuration, CiersMetrics metrics) {
        this.authority = authority;
        this.metrics = metrics;
        this.refetchInterval = configuration.validation().keysRefetchInterval();
        this.maxAge = configuration.validation().keysMaxAge();
    }

    /** The key set held, or, when none is yet, the one fetched now; empty when none can be had. */
    public Optional<KeySet> current(Instant now) {
        Optional<KeySet> keys = held;
        if (keys.isEmpty()) {
            return refetch(now);
        }
        Instant fetched = lastFetch;
        if (fetched != null && !now.isBefore(fetched.plus(maxAge)) && refreshing.compareAndSet(false, true)) {
            BACKGROUND.execute(() -> {
                try {
                    refetch(now);
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return keys;
    }

    /** The key set fetched again, when the last fetch is at least the interval old; else the one held. */
    public synchronized Optional<KeySet> refetch(Instant now) {
        if (lastFetch != null && now.isBefore(lastFetch.plus(refetchInterval))) {
            return held;
        }
        lastFetch = now;
        try {
            // bounded by the client's timeout (mta.authority.timeout)
            KeySet fetched = KeySet.of(metrics.timeKeys(authority::keys));
            if (held.map(keys -> !keys.authority().equals(fetched.authority()) || !keys.keys().keySet().equals(fetched.keys().keySet()))
                .orElse(true)) {
                LOGGER.info("CIERS: the authority's key set is now {}", fetched);
            }
            held = Optional.of(fetched);
        } catch (AuthorityUnavailableException | AuthorityRejectedException | IllegalArgumentException e) {
            LOGGER.warn("CIERS: could not fetch the authority's key set ({}); next try in {} at the earliest", e.getMessage(),
                refetchInterval);
        }
        return held;
    }
}
