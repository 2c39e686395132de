package org.ciers.authority.store.memory;

import java.util.concurrent.ConcurrentHashMap;

import org.ciers.authority.model.TrustCounters;
import org.ciers.authority.store.TrustCounterStore;
import org.ciers.protocol.model.DomainName;

import reactor.core.publisher.Mono;

public class MemoryTrustCounterStore implements TrustCounterStore {
    private final ConcurrentHashMap<DomainName, TrustCounters> counters = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> add(DomainName senderDomain, TrustCounters delta) {
        return Mono.fromRunnable(() -> counters.merge(senderDomain, delta, TrustCounters::plus));
    }

    @Override
    public Mono<TrustCounters> get(DomainName senderDomain) {
        return Mono.fromSupplier(() -> counters.getOrDefault(senderDomain, TrustCounters.ZERO));
    }
}
