package org.ciers.authority.analytics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.protocol.model.DomainName;

/**
 * The sender domains whose trust counters moved lately, on this node: one map write per counted
 * transmission or report, nothing stored, so analytics adds no store write to the transmission
 * path. A domain stays touched for {@link #SETTLE} after its last event, so that its figures are
 * taken again while a store may still be counting what came (Cassandra counts receipts 30 to 40 s
 * after they arrive).
 */
@Singleton
public class TouchedDomains {
    static final Duration SETTLE = Duration.ofMinutes(2);

    private final Map<DomainName, Instant> touched = new ConcurrentHashMap<>();
    private final Clock clock;

    @Inject
    public TouchedDomains(Clock clock) {
        this.clock = clock;
    }

    public void touch(DomainName domain) {
        touched.put(domain, clock.instant());
    }

    /** The domains touched within the last {@link #SETTLE}; those touched before leave the set. */
    public List<DomainName> recent() {
        Instant settled = clock.instant().minus(SETTLE);
        touched.forEach((domain, at) -> {
            if (at.isBefore(settled)) {
                touched.remove(domain, at);
            }
        });
        return List.copyOf(touched.keySet());
    }
}
