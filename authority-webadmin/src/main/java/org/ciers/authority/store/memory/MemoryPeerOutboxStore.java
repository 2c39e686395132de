package org.ciers.authority.store.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.ciers.authority.model.ForwardedItem;
import org.ciers.authority.model.ForwardingRecord;
import org.ciers.authority.model.QueuedItem;
import org.ciers.authority.store.PeerOutboxStore;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.MessageId;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Entries ordered by a sequence (the Cassandra twin orders by time-based UUIDs); records kept for the node's life. */
public class MemoryPeerOutboxStore implements PeerOutboxStore {
    private final AtomicLong sequence = new AtomicLong();
    private final Map<AuthorityName, ConcurrentSkipListMap<UUID, ForwardedItem>> pending = new ConcurrentHashMap<>();
    private final Map<MessageId, List<ForwardingRecord>> records = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> add(AuthorityName peer, List<ForwardedItem> items) {
        return Mono.fromRunnable(() -> {
            ConcurrentSkipListMap<UUID, ForwardedItem> queue = queue(peer);
            synchronized (queue) {
                items.forEach(item -> queue.put(new UUID(0, sequence.incrementAndGet()), item));
            }
        });
    }

    @Override
    public Flux<QueuedItem> pending(AuthorityName peer, int limit) {
        return Flux.defer(() -> Flux.fromIterable(queue(peer).entrySet())
            .take(limit)
            .map(entry -> new QueuedItem(entry.getKey(), entry.getValue())));
    }

    @Override
    public Mono<Long> countPending(AuthorityName peer) {
        return Mono.fromSupplier(() -> (long) queue(peer).size());
    }

    @Override
    public Mono<Void> forwarded(AuthorityName peer, List<QueuedItem> items, List<String> outcomes, Instant forwardedAt) {
        if (items.size() != outcomes.size()) {
            return Mono.error(new IllegalArgumentException("one outcome per item"));
        }
        return Mono.fromRunnable(() -> {
            for (int i = 0; i < items.size(); i++) {
                QueuedItem queued = items.get(i);
                if (queue(peer).remove(queued.entry()) != null) {
                    records.computeIfAbsent(queued.item().messageId(), any -> new CopyOnWriteArrayList<>())
                        .add(new ForwardingRecord(peer, queued.item(), forwardedAt, outcomes.get(i)));
                }
            }
        });
    }

    @Override
    public Flux<ForwardingRecord> history(MessageId messageId) {
        return Flux.defer(() -> Flux.fromIterable(new ArrayList<>(records.getOrDefault(messageId, List.of()))));
    }

    private ConcurrentSkipListMap<UUID, ForwardedItem> queue(AuthorityName peer) {
        return pending.computeIfAbsent(peer, any -> new ConcurrentSkipListMap<>());
    }
}
