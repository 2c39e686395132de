package org.ciers.authority.store.memory;

import java.util.ArrayList;
import java.util.List;

import org.ciers.authority.model.AuditEntry;
import org.ciers.authority.store.AuditLogStore;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public class MemoryAuditLogStore implements AuditLogStore {
    private final List<AuditEntry> entries = new ArrayList<>();

    @Override
    public Mono<Void> append(AuditEntry entry) {
        return Mono.fromRunnable(() -> {
            synchronized (entries) {
                entries.add(entry);
            }
        });
    }

    @Override
    public Flux<AuditEntry> latest(int limit) {
        return Flux.defer(() -> {
            List<AuditEntry> newestFirst;
            synchronized (entries) {
                newestFirst = new ArrayList<>(entries.subList(Math.max(0, entries.size() - limit), entries.size()));
            }
            java.util.Collections.reverse(newestFirst);
            return Flux.fromIterable(newestFirst);
        });
    }
}
