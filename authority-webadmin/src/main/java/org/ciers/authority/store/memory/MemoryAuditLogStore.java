package org.ciers.authority.store.memory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.ciers.authority.model.AuditEntry;
import org.ciers.authority.store.AuditLogStore;
import org.ciers.authority.store.StoreOrder;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The entries kept oldest first by their time, as Cassandra's clustering keeps them; an entry goes after those of its millisecond. */
public class MemoryAuditLogStore implements AuditLogStore {
    private final List<AuditEntry> entries = new ArrayList<>();

    @Override
    public Mono<Void> append(AuditEntry entry) {
        return Mono.fromRunnable(() -> {
            synchronized (entries) {
                int position = entries.size();
                while (position > 0 && StoreOrder.TIME.compare(entries.get(position - 1).at(), entry.at()) > 0) {
                    position--;
                }
                entries.add(position, entry);
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
            Collections.reverse(newestFirst);
            return Flux.fromIterable(newestFirst);
        });
    }
}
