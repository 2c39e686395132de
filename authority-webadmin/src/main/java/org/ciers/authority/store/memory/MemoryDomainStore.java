package org.ciers.authority.store.memory;

import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;

import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.model.RegisteredDomain;
import org.ciers.authority.store.DomainStore;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.ServerId;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public class MemoryDomainStore implements DomainStore {
    private final ConcurrentHashMap<DomainName, RegisteredDomain> byName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ServerId, RegisteredDomain> byServerId = new ConcurrentHashMap<>();

    @Override
    public Mono<Boolean> register(RegisteredDomain domain) {
        return Mono.fromSupplier(() -> {
            // one lock for the pair of indexes: a name and a server ID are claimed together or not at all
            synchronized (this) {
                if (byName.containsKey(domain.name()) || byServerId.containsKey(domain.serverId())) {
                    return false;
                }
                byName.put(domain.name(), domain);
                byServerId.put(domain.serverId(), domain);
                return true;
            }
        });
    }

    @Override
    public Mono<RegisteredDomain> byName(DomainName name) {
        return Mono.fromSupplier(() -> byName.get(name));
    }

    @Override
    public Mono<RegisteredDomain> byServerId(ServerId serverId) {
        return Mono.fromSupplier(() -> byServerId.get(serverId));
    }

    @Override
    public Flux<RegisteredDomain> byOrganization(OrganizationId organization) {
        return list().filter(domain -> domain.organization().equals(organization));
    }

    @Override
    public Flux<RegisteredDomain> list() {
        return Flux.defer(() -> Flux.fromStream(byName.values().stream().sorted(BY_NAME)));
    }

    @Override
    public Mono<Boolean> setSuspended(DomainName name, boolean suspended) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                RegisteredDomain current = byName.get(name);
                if (current == null) {
                    return false;
                }
                RegisteredDomain changed = current.withSuspended(suspended);
                byName.put(name, changed);
                byServerId.put(changed.serverId(), changed);
                return true;
            }
        });
    }

    @Override
    public Flux<ServerId> suspendedServerIds() {
        return Flux.defer(() -> Flux.fromStream(byServerId.values().stream().filter(RegisteredDomain::suspended)
            .map(RegisteredDomain::serverId).sorted(Comparator.comparing(ServerId::asString))));
    }

    @Override
    public Mono<Boolean> remove(DomainName name) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                RegisteredDomain removed = byName.remove(name);
                if (removed == null) {
                    return false;
                }
                byServerId.remove(removed.serverId());
                return true;
            }
        });
    }
}
