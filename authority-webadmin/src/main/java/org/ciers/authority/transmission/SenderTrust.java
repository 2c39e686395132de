package org.ciers.authority.transmission;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.authority.model.TrustCounters;
import org.ciers.authority.store.ReceiptStore;
import org.ciers.authority.store.TrustCounterStore;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.TrustValue;

import reactor.core.publisher.Mono;

/**
 * A sender domain's counters as its trust is computed from them (spec §5): the reports and the
 * online validations of the {@link TrustCounterStore}, plus the transmissions counted from
 * receipts ({@link ReceiptStore}). {@link #forIssue} is the trust a signed message ID carries,
 * read at most once per {@link #ISSUE_CACHE} per domain: auth_to_send must not cost two store reads.
 */
@Singleton
public class SenderTrust {
    /** How old the trust written into a new message ID may be. */
    public static final Duration ISSUE_CACHE = Duration.ofSeconds(2);
    /** Past this many domains cached, the cache starts over (it holds a few seconds of traffic). */
    private static final int MAX_CACHED = 100_000;

    private record Cached(TrustValue trust, Instant readAt) {
    }

    private final TrustCounterStore counters;
    private final ReceiptStore receipts;
    private final Clock clock;
    private final Map<DomainName, Cached> forIssue = new ConcurrentHashMap<>();

    @Inject
    public SenderTrust(TrustCounterStore counters, ReceiptStore receipts, Clock clock) {
        this.counters = counters;
        this.receipts = receipts;
        this.clock = clock;
    }

    /** The counters now, transmissions counted from receipts included. */
    public Mono<TrustCounters> counters(DomainName sender) {
        return Mono.zip(counters.get(sender), receipts.counted(sender))
            .map(both -> both.getT1().plus(new TrustCounters(both.getT2(), 0, 0)));
    }

    /** The trust to sign into a new message ID; at most {@link #ISSUE_CACHE} old. */
    public Mono<TrustValue> forIssue(DomainName sender) {
        Instant now = clock.instant();
        Cached cached = forIssue.get(sender);
        if (cached != null && cached.readAt().plus(ISSUE_CACHE).isAfter(now)) {
            return Mono.just(cached.trust());
        }
        return counters(sender).map(TrustCounters::trustValue).doOnNext(trust -> {
            if (forIssue.size() >= MAX_CACHED) {
                forIssue.clear();
            }
            forIssue.put(sender, new Cached(trust, now));
        });
    }
}
