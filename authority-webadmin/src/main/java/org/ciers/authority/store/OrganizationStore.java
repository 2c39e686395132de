package org.ciers.authority.store;

import org.ciers.authority.model.Organization;
import org.ciers.authority.model.OrganizationId;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Organizations registered with the authority. */
public interface OrganizationStore {
    Mono<Void> save(Organization organization);

    /** Empty when unknown. */
    Mono<Organization> get(OrganizationId id);

    Flux<Organization> list();
}
