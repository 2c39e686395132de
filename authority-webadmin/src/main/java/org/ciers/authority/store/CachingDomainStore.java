package org.ciers.authority.store;

import java.time.Duration;

import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.model.RegisteredDomain;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.ServerId;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps the registered domains a node has read for a short time: every protocol request looks its
 * server up by server ID, and auth_to_send its recipient by name, which on Cassandra were three of
 * the nine store operations of a transmission. A domain found is kept for the TTL; one not found
 * is never kept (a domain registered on another node is seen at once). A removal or suspension
 * through this node takes effect here at once, through another node within the TTL.
 */
public class CachingDomainStore implements DomainStore {
    static final long MAX_DOMAINS = 100_000;

    private final DomainStore store;
    private final Cache<DomainName, RegisteredDomain> byName;
    private final Cache<ServerId, RegisteredDomain> byServerId;

    public CachingDomainStore(DomainStore store, Duration ttl) {
        this.store = store;
        this.byName = CacheBuilder.newBuilder().maximumSize(MAX_DOMAINS).expireAfterWrite(ttl).build();
        this.byServerId = CacheBuilder.newBuilder().maximumSize(MAX_DOMAINS).expireAfterWrite(ttl).build();
    }

    @Override
    public Mono<Boolean> register(RegisteredDomain domain) {
        return store.register(domain);
    }

    @Override
    public Mono<RegisteredDomain> byName(DomainName name) {
        RegisteredDomain known = byName.getIfPresent(name);
        if (known != null) {
            return Mono.just(known);
        }
        return store.byName(name).doOnNext(this::keep);
    }

    @Override
    public Mono<RegisteredDomain> byServerId(ServerId serverId) {
        RegisteredDomain known = byServerId.getIfPresent(serverId);
        if (known != null) {
            return Mono.just(known);
        }
        return store.byServerId(serverId).doOnNext(this::keep);
    }

    @Override
    public Flux<RegisteredDomain> byOrganization(OrganizationId organization) {
        return store.byOrganization(organization);
    }

    @Override
    public Flux<RegisteredDomain> list() {
        return store.list();
    }

    @Override
    public Mono<Boolean> setSuspended(DomainName name, boolean suspended) {
        return store.setSuspended(name, suspended).doOnNext(any -> forget(name));
    }

    @Override
    public Flux<ServerId> suspendedServerIds() {
        return store.suspendedServerIds();
    }

    @Override
    public Mono<Boolean> remove(DomainName name) {
        return store.remove(name).doOnNext(any -> forget(name));
    }

    private void keep(RegisteredDomain domain) {
        byName.put(domain.name(), domain);
        byServerId.put(domain.serverId(), domain);
    }

    private void forget(DomainName name) {
        byName.invalidate(name);
        byServerId.asMap().values().removeIf(domain -> domain.name().equals(name));
    }
}
