package org.ciers.authority.analytics;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.ciers.authority.model.DailyFigures;
import org.ciers.authority.model.TrustCounters;
import org.ciers.authority.store.AnalyticsOutboxStore;
import org.ciers.authority.store.DailyFiguresStore;
import org.ciers.authority.store.DomainStore;
import org.ciers.authority.transmission.SenderTrust;
import org.ciers.protocol.model.DomainName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * Takes the daily figures of the domains touched lately ({@link TouchedDomains}): one counter read,
 * one figures read and one write per domain and interval, whatever the traffic. A day's first
 * figures start from the latest earlier day's (from zero for a domain's first day of analytics: its
 * history before counts to that day); activity in the last interval before midnight (UTC) counts to
 * the new day. A domain whose figures could not be taken stays touched, for the next time.
 */
class DailyFiguresRecorder {
    private static final Logger LOGGER = LoggerFactory.getLogger(DailyFiguresRecorder.class);

    private final TouchedDomains touched;
    private final SenderTrust counters;
    private final DailyFiguresStore figures;
    private final DomainStore domains;
    private final AnalyticsOutboxStore outbox;
    private final Clock clock;

    DailyFiguresRecorder(TouchedDomains touched, SenderTrust counters, DailyFiguresStore figures, DomainStore domains,
                         AnalyticsOutboxStore outbox, Clock clock) {
        this.touched = touched;
        this.counters = counters;
        this.figures = figures;
        this.domains = domains;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Takes the figures of every touched domain now; how many were taken. */
    int takeFigures() {
        int taken = 0;
        for (DomainName domain : touched.recent()) {
            long readAt = clock.millis();
            try {
                take(domain).block();
                touched.taken(domain, readAt);
                taken++;
            } catch (RuntimeException e) {
                LOGGER.warn("CIERS analytics: the daily figures of {} could not be taken; tried again at the next interval", domain.asString(), e);
            }
        }
        return taken;
    }

    private Mono<Void> take(DomainName domain) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return counters.counters(domain)
            .flatMap(current -> figures.get(domain, today).map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(existing -> existing.isPresent()
                    // unchanged since last taken: nothing to write
                    ? Mono.justOrEmpty(existing.filter(taken -> !taken.atEnd().equals(current)).map(taken -> taken.retaken(current, now)))
                    : figures.latestBefore(domain, today)
                        .map(DailyFigures::atEnd)
                        .defaultIfEmpty(TrustCounters.ZERO)
                        .map(start -> new DailyFigures(domain, today, start, current, now))))
            // the record first: figures stored but never queued would look unchanged next time, and never be indexed
            .flatMap(daily -> AnalyticsRecording.organization(domains, domain)
                .flatMap(organization -> outbox.add(List.of(AnalyticsDocuments.daily(daily, organization))))
                .then(figures.put(daily)));
    }
}
