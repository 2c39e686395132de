package org.ciers.authority.store;

import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

import org.ciers.authority.model.DomainRequest;
import org.ciers.authority.model.OrganizationId;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Requests to accredit domains, until approved or rejected. */
public interface DomainRequestStore {
    /** The order of {@link #pending()}: oldest request first; of one millisecond, by {@link StoreOrder#UUIDS ID}. */
    Comparator<DomainRequest> OLDEST_FIRST = Comparator.comparing(DomainRequest::requestedAt, StoreOrder.TIME)
        .thenComparing(DomainRequest::id, StoreOrder.UUIDS);
    /** The order of {@link #byOrganization}: the reverse of {@link #OLDEST_FIRST}. */
    Comparator<DomainRequest> NEWEST_FIRST = OLDEST_FIRST.reversed();

    Mono<Void> save(DomainRequest request);

    Mono<DomainRequest> get(UUID id);

    /** Decides a pending request; false when it is missing or already decided (of concurrent decisions, one wins). */
    Mono<Boolean> decide(UUID id, DomainRequest.State state, Instant at);

    /** Every request of the organization, decided or not, in {@link #NEWEST_FIRST} order. */
    Flux<DomainRequest> byOrganization(OrganizationId organization);

    /** The undecided requests of every organization, in {@link #OLDEST_FIRST} order. */
    Flux<DomainRequest> pending();
}
