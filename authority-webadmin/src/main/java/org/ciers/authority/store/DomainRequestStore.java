package org.ciers.authority.store;

import java.time.Instant;
import java.util.UUID;

import org.ciers.authority.model.DomainRequest;
import org.ciers.authority.model.OrganizationId;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Requests to accredit domains, until approved or rejected. */
public interface DomainRequestStore {
    Mono<Void> save(DomainRequest request);

    Mono<DomainRequest> get(UUID id);

    /** Decides a pending request; false when it is missing or already decided (of concurrent decisions, one wins). */
    Mono<Boolean> decide(UUID id, DomainRequest.State state, Instant at);

    Flux<DomainRequest> byOrganization(OrganizationId organization);

    Flux<DomainRequest> pending();
}
