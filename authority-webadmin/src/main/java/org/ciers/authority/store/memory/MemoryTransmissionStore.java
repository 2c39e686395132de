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
 * Transmissions kept for the retention after they were issued, as Cassandra's TTL keeps them: a
 * transmission past it is never returned, and is dropped by the next {@link #issue}.
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
    /** In the order they were issued, so in the order they go. */
    private final Queue<Kept> issued = new ConcurrentLinkedQueue<>();

    public MemoryTransmissionStore(Duration retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Mono<Void> issue(Transmission transmission) {
        return Mono.fromRunnable(() -> {
            Instant now = clock.instant();
            forgetGone(now);
            Kept kept = new Kept(transmission, now.plus(retention));
            transmissions.put(transmission.messageId(), kept);
            bySender.compute(transmission.senderDomain(), (domain, ids) -> {
                Set<MessageId> listed = ids == null ? ConcurrentHashMap.newKeySet() : ids;
                listed.add(transmission.messageId());
                return listed;
            });
            issued.add(kept);
        });
    }

    @Override
    public Mono<Transmission> get(MessageId messageId) {
        return Mono.fromSupplier(() -> kept(messageId, clock.instant()));
    }

    @Override
    public Mono<Boolean> markValidated(MessageId messageId, Transmission.Validation validation) {
        return Mono.fromSupplier(() -> {
            Instant now = clock.instant();
            AtomicBoolean won = new AtomicBoolean(false);
            transmissions.computeIfPresent(messageId, (id, current) -> {
                if (current.isGone(now) || current.transmission().validation().isPresent()) {
                    return current;
                }
                won.set(true);
                // the validation does not lengthen the retention (on Cassandra, the row's other cells go anyway)
                return new Kept(current.transmission().validated(validation), current.until());
            });
            return won.get();
        });
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
        for (Kept oldest = issued.peek(); oldest != null && oldest.isGone(now); oldest = issued.peek()) {
            if (issued.remove(oldest)) {
                MessageId messageId = oldest.transmission().messageId();
                // a message ID issued again later stays with its own retention
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
