package org.ciers.authority.store.memory;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.ciers.authority.model.DomainRequest;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.store.DomainRequestStore;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public class MemoryDomainRequestStore implements DomainRequestStore {
    private final ConcurrentHashMap<UUID, DomainRequest> requests = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> save(DomainRequest request) {
        return Mono.fromRunnable(() -> requests.put(request.id(), request));
    }

    @Override
    public Mono<DomainRequest> get(UUID id) {
        return Mono.fromSupplier(() -> requests.get(id));
    }

    @Override
    public Mono<Boolean> decide(UUID id, DomainRequest.State state, Instant at) {
        return Mono.fromSupplier(() -> {
            AtomicBoolean decided = new AtomicBoolean(false);
            requests.computeIfPresent(id, (key, current) -> {
                if (current.state() != DomainRequest.State.PENDING) {
                    return current;
                }
                decided.set(true);
                return current.decided(state, at);
            });
            return decided.get();
        });
    }

    @Override
    public Flux<DomainRequest> byOrganization(OrganizationId organization) {
        return Flux.defer(() -> Flux.fromStream(requests.values().stream()
            .filter(request -> request.organization().equals(organization))
            .sorted(NEWEST_FIRST)));
    }

    @Override
    public Flux<DomainRequest> pending() {
        return Flux.defer(() -> Flux.fromStream(requests.values().stream()
            .filter(request -> request.state() == DomainRequest.State.PENDING)
            .sorted(OLDEST_FIRST)));
    }
}
