package org.ciers.authority.store;

import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.model.RegisteredDomain;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.ServerId;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Accredited domains, found by name (senders ask for recipients) and by server ID (credentials). */
public interface DomainStore {
    /** Registers the domain; false, and nothing stored, when its name or server ID is already taken. */
    Mono<Boolean> register(RegisteredDomain domain);

    Mono<RegisteredDomain> byName(DomainName name);

    Mono<RegisteredDomain> byServerId(ServerId serverId);

    Flux<RegisteredDomain> byOrganization(OrganizationId organization);

    Flux<RegisteredDomain> list();

    /** Removes the domain with its server ID (it can no longer authenticate); false when it was not registered. */
    Mono<Boolean> remove(DomainName name);
}
