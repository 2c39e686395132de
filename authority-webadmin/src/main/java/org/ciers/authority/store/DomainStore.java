package org.ciers.authority.store;

import java.util.Comparator;

import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.model.RegisteredDomain;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.ServerId;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Accredited domains, found by name (senders ask for recipients) and by server ID (credentials). */
public interface DomainStore {
    /** The order of {@link #list()} and {@link #byOrganization}: by name. */
    Comparator<RegisteredDomain> BY_NAME = Comparator.comparing(domain -> domain.name().asString(), StoreOrder.TEXT);

    /** Registers the domain; false, and nothing stored, when its name or server ID is already taken. */
    Mono<Boolean> register(RegisteredDomain domain);

    Mono<RegisteredDomain> byName(DomainName name);

    Mono<RegisteredDomain> byServerId(ServerId serverId);

    /** The organization's domains, {@link #BY_NAME}. */
    Flux<RegisteredDomain> byOrganization(OrganizationId organization);

    /** Every domain, {@link #BY_NAME} (the operator's listing: a full read on Cassandra). */
    Flux<RegisteredDomain> list();

    /** Marks the domain suspended or not; false when it is not registered. */
    Mono<Boolean> setSuspended(DomainName name, boolean suspended);

    /** The server IDs of the suspended domains (the key set lists them): one small read, not a full one. */
    Flux<ServerId> suspendedServerIds();

    /** Removes the domain with its server ID (it can no longer authenticate); false when it was not registered. */
    Mono<Boolean> remove(DomainName name);
}
