package org.ciers.authority.store;

import java.util.Comparator;

import org.ciers.authority.model.Organization;
import org.ciers.authority.model.OrganizationId;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Organizations registered with the authority. */
public interface OrganizationStore {
    /** The order of {@link #list()}: oldest first; of one millisecond, by {@link StoreOrder#UUIDS ID}. */
    Comparator<Organization> OLDEST_FIRST = Comparator.comparing(Organization::createdAt, StoreOrder.TIME)
        .thenComparing(organization -> organization.id().value(), StoreOrder.UUIDS);

    Mono<Void> save(Organization organization);

    /** Empty when unknown. */
    Mono<Organization> get(OrganizationId id);

    /** Every organization, {@link #OLDEST_FIRST} (the operator's listing: a full read on Cassandra). */
    Flux<Organization> list();
}
