package org.ciers.authority.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.ciers.authority.model.Transmission;
import org.ciers.authority.store.TransmissionStore;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Online validations kept for the retention after they were recorded, as Cassandra's TTL keeps
 * them: one past it is never returned, and is dropped by the next {@link #recordValidation}.
 */
public class MemoryTransmissionStore implements TransmissionStore {
    private record Kept(Transmission transmission, Instant until) {
        boolean isGone(Instant now) {
            return !now.isBefore(until);
        }
    }

    private final Duration retention;
    private final Clock clock;
    private final ConcurrentHashMap<MessageId, Kept> transmissions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<DomainName, Set<MessageId>> bySender = new ConcurrentHashMap<>();
    /** In the order they were recorded, so in the order they go. */
    private final Queue<Kept> recorded = new ConcurrentLinkedQueue<>();

    public MemoryTransmissionStore(Duration retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Mono<Boolean> recordValidation(Transmission validated) {
        if (validated.validation().isEmpty()) {
            return Mono.error(new IllegalArgumentException("only a validated transmission is recorded"));
        }
        return Mono.fromSupplier(() -> {
            Instant now = clock.instant();
            forgetGone(now);
            AtomicBoolean won = new AtomicBoolean(false);
            Kept kept = transmissions.compute(validated.messageId(), (id, current) -> {
                if (current != null && !current.isGone(now)) {
                    return current;
                }
                won.set(true);
                return new Kept(validated, now.plus(retention));
            });
            if (won.get()) {
                bySender.compute(validated.senderDomain(), (domain, ids) -> {
                    Set<MessageId> listed = ids == null ? ConcurrentHashMap.newKeySet() : ids;
                    listed.add(validated.messageId());
                    return listed;
                });
                recorded.add(kept);
            }
            return won.get();
        });
    }

    @Override
    public Mono<Transmission> get(MessageId messageId) {
        return Mono.fromSupplier(() -> kept(messageId, clock.instant()));
    }

    @Override
    public Flux<Transmission> listBySender(DomainName senderDomain) {
        return Flux.defer(() -> {
            Instant now = clock.instant();
            return Flux.fromStream(bySender.getOrDefault(senderDomain, Set.of()).stream()
                .map(messageId -> kept(messageId, now))
                .filter(transmission -> transmission != null)
                .sorted(NEWEST_FIRST));
        });
    }

    private Transmission kept(MessageId messageId, Instant now) {
        Kept kept = transmissions.get(messageId);
        return kept == null || kept.isGone(now) ? null : kept.transmission();
    }

    private void forgetGone(Instant now) {
        for (Kept oldest = recorded.peek(); oldest != null && oldest.isGone(now); oldest = recorded.peek()) {
            if (recorded.remove(oldest)) {
                MessageId messageId = oldest.transmission().messageId();
                // an ID recorded again later stays with its own retention
                if (transmissions.computeIfPresent(messageId, (id, current) -> current.isGone(now) ? null : current) == null) {
                    bySender.computeIfPresent(oldest.transmission().senderDomain(), (domain, ids) -> {
                        ids.remove(messageId);
                        return ids.isEmpty() ? null : ids;
                    });
                }
            }
        }
    }
}
