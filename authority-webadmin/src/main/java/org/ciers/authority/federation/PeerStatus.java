package org.ciers.authority.federation;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.ciers.protocol.model.AuthorityName;

/**
 * What this node saw of each peer since it started: when a peer last answered, its last failure,
 * and how many items it forwarded to it. The items still waiting are counted in the store
 * ({@code PeerOutboxStore}), which every node shares. The same in James's metrics (Prometheus:
 * dashes become underscores): {@value #FORWARDED} and {@value #QUEUED} items,
 * {@value #FAILURES} exchanges, and the gauge {@value #FAILING} (peers whose last exchange failed).
 */
@Singleton
public class PeerStatus {
    public static final String FORWARDED = "ciers-peer-forwarded";
    public static final String QUEUED = "ciers-peer-queued";
    public static final String FAILURES = "ciers-peer-failures";
    public static final String FAILING = "ciers-peer-failing";

    /** One peer's figures. */
    public record Seen(Optional<Instant> lastContact, Optional<Instant> lastFailureAt, Optional<String> lastFailure, long forwarded) {
        static final Seen NOTHING = new Seen(Optional.empty(), Optional.empty(), Optional.empty(), 0);
    }

    private final Clock clock;
    private final Map<AuthorityName, Seen> seen = new ConcurrentHashMap<>();
    private final Metric forwardedItems;
    private final Metric queuedItems;
    private final Metric failures;

    @Inject
    public PeerStatus(MetricFactory metrics, GaugeRegistry gauges, Clock clock) {
        this.clock = clock;
        this.forwardedItems = metrics.generate(FORWARDED);
        this.queuedItems = metrics.generate(QUEUED);
        this.failures = metrics.generate(FAILURES);
        gauges.register(FAILING, () -> seen.keySet().stream().filter(this::failing).count());
    }

    /** Items this node queued for a peer. */
    public void queued(int items) {
        queuedItems.add(items);
    }

    public void contacted(AuthorityName peer) {
        Instant now = clock.instant();
        seen.merge(peer, new Seen(Optional.of(now), Optional.empty(), Optional.empty(), 0),
            (was, any) -> new Seen(Optional.of(now), was.lastFailureAt(), was.lastFailure(), was.forwarded()));
    }

    public void forwarded(AuthorityName peer, int items) {
        forwardedItems.add(items);
        contacted(peer);
        seen.computeIfPresent(peer, (any, was) -> new Seen(was.lastContact(), was.lastFailureAt(), was.lastFailure(), was.forwarded() + items));
    }

    public void failed(AuthorityName peer, String reason) {
        failures.increment();
        Instant now = clock.instant();
        seen.merge(peer, new Seen(Optional.empty(), Optional.of(now), Optional.of(reason), 0),
            (was, any) -> new Seen(was.lastContact(), Optional.of(now), Optional.of(reason), was.forwarded()));
    }

    public Seen of(AuthorityName peer) {
        return seen.getOrDefault(peer, Seen.NOTHING);
    }

    /** Whether the peer's last exchange failed: it answered nothing since its last failure. */
    public boolean failing(AuthorityName peer) {
        Seen now = of(peer);
        return now.lastFailureAt().isPresent() && now.lastContact().map(contact -> contact.isBefore(now.lastFailureAt().get())).orElse(true);
    }
}
