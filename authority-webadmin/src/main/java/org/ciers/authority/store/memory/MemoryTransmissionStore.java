package org.ciers.authority.store.memory;

import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.ciers.authority.model.Transmission;
import org.ciers.authority.store.TransmissionStore;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public class MemoryTransmissionStore implements TransmissionStore {
    private final ConcurrentHashMap<MessageId, Transmission> transmissions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<DomainName, Set<MessageId>> bySender = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> issue(Transmission transmission) {
        return Mono.fromRunnable(() -> {
            transmissions.put(transmission.messageId(), transmission);
            bySender.computeIfAbsent(transmission.senderDomain(), any -> ConcurrentHashMap.newKeySet())
                .add(transmission.messageId());
        });
    }

    @Override
    public Mono<Transmission> get(MessageId messageId) {
        return Mono.fromSupplier(() -> transmissions.get(messageId));
    }

    @Override
    public Mono<Boolean> markValidated(MessageId messageId, Transmission.Validation validation) {
        return Mono.fromSupplier(() -> {
            AtomicBoolean won = new AtomicBoolean(false);
            transmissions.computeIfPresent(messageId, (id, current) -> {
                if (current.validation().isPresent()) {
                    return current;
                }
                won.set(true);
                return current.validated(validation);
            });
            return won.get();
        });
    }

    @Override
    public Flux<Transmission> listBySender(DomainName senderDomain) {
        return Flux.defer(() -> Flux.fromStream(bySender.getOrDefault(senderDomain, Set.of()).stream()
            .map(transmissions::get)
            .sorted(Comparator.comparing(Transmission::issuedAt).reversed())));
    }
}
