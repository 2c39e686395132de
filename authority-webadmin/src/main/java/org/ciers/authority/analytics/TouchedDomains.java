package org.ciers.authority.analytics;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.protocol.model.DomainName;

/**
 * The sender domains whose trust counters moved lately, on this node: nothing stored, so analytics
 * adds no store write to the transmission path. A touch is a lock-free read, and a map write at
 * most once per {@link #RESOLUTION} per domain (many connections count one busy domain at once). A
 * domain stays touched until its figures were taken {@link #SETTLE} after its last event, so that
 * they are taken again while a store may still be counting what came (Cassandra counts receipts 30
 * to 40 s after they arrive), however late the figures are taken.
 */
@Singleton
public class TouchedDomains {
    static final Duration SETTLE = Duration.ofMinutes(2);
    static final Duration RESOLUTION = Duration.ofSeconds(1);

    /** Per domain, when it was last touched (epoch milliseconds, to {@link #RESOLUTION}). */
    private final Map<DomainName, Long> touched = new ConcurrentHashMap<>();
    private final Clock clock;

    @Inject
    public TouchedDomains(Clock clock) {
        this.clock = clock;
    }

    public void touch(DomainName domain) {
        long now = clock.millis();
        Long last = touched.get(domain);
        if (last == null || now - last >= RESOLUTION.toMillis()) {
            touched.put(domain, now);
        }
    }

    /** The domains touched lately; with {@link #taken}, the recorder says which it took. */
    public List<DomainName> recent() {
        return List.copyOf(touched.keySet());
    }

    /**
     * The domain's figures were taken (read) at {@code takenAtMillis}: it leaves the set if that was
     * {@link #SETTLE} after its last touch (a later touch keeps it).
     */
    public void taken(DomainName domain, long takenAtMillis) {
        touched.computeIfPresent(domain, (any, last) -> takenAtMillis - last >= SETTLE.toMillis() ? null : last);
    }
}
