package org.ciers.authority.store.memory;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import org.ciers.authority.model.AnalyticsRecord;
import org.ciers.authority.model.QueuedAnalyticsRecord;
import org.ciers.authority.store.AnalyticsOutboxStore;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Entries ordered by a sequence (the Cassandra twin orders by time-based UUIDs). */
public class MemoryAnalyticsOutboxStore implements AnalyticsOutboxStore {
    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentSkipListMap<UUID, AnalyticsRecord> pending = new ConcurrentSkipListMap<>();

    @Override
    public Mono<Void> add(List<AnalyticsRecord> records) {
        return Mono.fromRunnable(() -> {
            synchronized (pending) {
                records.forEach(record -> pending.put(new UUID(0, sequence.incrementAndGet()), record));
            }
        });
    }

    @Override
    public Flux<QueuedAnalyticsRecord> pending(int limit) {
        return Flux.defer(() -> Flux.fromIterable(pending.entrySet())
            .take(limit)
            .map(entry -> new QueuedAnalyticsRecord(entry.getKey(), entry.getValue())));
    }

    @Override
    public Mono<Void> remove(List<QueuedAnalyticsRecord> indexed) {
        return Mono.fromRunnable(() -> indexed.forEach(queued -> pending.remove(queued.entry())));
    }

    @Override
    public Mono<Long> countPending() {
        return Mono.fromSupplier(() -> (long) pending.size());
    }
}
