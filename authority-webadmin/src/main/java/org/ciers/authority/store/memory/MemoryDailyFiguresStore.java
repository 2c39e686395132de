package org.ciers.authority.store.memory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import org.ciers.authority.model.DailyFigures;
import org.ciers.authority.store.DailyFiguresStore;
import org.ciers.protocol.model.DomainName;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public class MemoryDailyFiguresStore implements DailyFiguresStore {
    private final Map<DomainName, ConcurrentSkipListMap<LocalDate, DailyFigures>> figures = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> put(DailyFigures daily) {
        return Mono.fromRunnable(() -> days(daily.domain()).put(daily.day(), daily));
    }

    @Override
    public Mono<DailyFigures> get(DomainName domain, LocalDate day) {
        return Mono.fromSupplier(() -> days(domain).get(day));
    }

    @Override
    public Mono<DailyFigures> latestBefore(DomainName domain, LocalDate day) {
        return Mono.fromSupplier(() -> Optional.ofNullable(days(domain).lowerEntry(day)).map(Map.Entry::getValue).orElse(null));
    }

    @Override
    public Flux<DailyFigures> list(DomainName domain, LocalDate from, LocalDate to) {
        return Flux.defer(() -> from.isAfter(to) ? Flux.empty()
            : Flux.fromIterable(new ArrayList<>(days(domain).subMap(from, true, to, true).values())));
    }

    @Override
    public Flux<DailyFigures> all() {
        return Flux.defer(() -> Flux.fromIterable(new ArrayList<>(figures.values())).flatMapIterable(days -> new ArrayList<>(days.values())));
    }

    private ConcurrentSkipListMap<LocalDate, DailyFigures> days(DomainName domain) {
        return figures.computeIfAbsent(domain, any -> new ConcurrentSkipListMap<>());
    }
}
