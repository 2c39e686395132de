package org.ciers.authority.store.memory;

import java.util.concurrent.ConcurrentHashMap;

import org.ciers.authority.model.Organization;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.store.OrganizationStore;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public class MemoryOrganizationStore implements OrganizationStore {
    private final ConcurrentHashMap<OrganizationId, Organization> organizations = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> save(Organization organization) {
        return Mono.fromRunnable(() -> organizations.put(organization.id(), organization));
    }

    @Override
    public Mono<Organization> get(OrganizationId id) {
        return Mono.fromSupplier(() -> organizations.get(id));
    }

    @Override
    public Flux<Organization> list() {
        return Flux.defer(() -> Flux.fromStream(organizations.values().stream().sorted(OLDEST_FIRST)));
    }
}
