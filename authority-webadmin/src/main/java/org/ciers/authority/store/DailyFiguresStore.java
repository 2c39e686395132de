package org.ciers.authority.store;

import java.time.LocalDate;

import org.ciers.authority.model.DailyFigures;
import org.ciers.protocol.model.DomainName;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Each sender domain's figures per day, one row per domain and day, replaced when taken again. */
public interface DailyFiguresStore {
    /** Stores the figures, replacing those of the same domain and day. */
    Mono<Void> put(DailyFigures figures);

    Mono<DailyFigures> get(DomainName domain, LocalDate day);

    /** The figures of the latest day before {@code day}, if any. */
    Mono<DailyFigures> latestBefore(DomainName domain, LocalDate day);

    /** The domain's figures from {@code from} to {@code to} (both included), oldest day first. */
    Flux<DailyFigures> list(DomainName domain, LocalDate from, LocalDate to);

    /** Every domain's figures (the analytics rebuild: a full read on Cassandra). */
    Flux<DailyFigures> all();
}
