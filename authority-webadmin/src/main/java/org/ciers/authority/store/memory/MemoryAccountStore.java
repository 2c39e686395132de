package org.ciers.authority.store.memory;

import java.util.concurrent.ConcurrentHashMap;

import org.ciers.authority.model.Account;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.store.AccountStore;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public class MemoryAccountStore implements AccountStore {
    private final ConcurrentHashMap<String, Account> accounts = new ConcurrentHashMap<>();

    @Override
    public Mono<Boolean> create(Account account) {
        return Mono.fromSupplier(() -> accounts.putIfAbsent(account.username(), account) == null);
    }

    @Override
    public Mono<Account> get(String username) {
        return Mono.fromSupplier(() -> accounts.get(username));
    }

    @Override
    public Mono<Void> update(Account account) {
        return Mono.fromRunnable(() -> accounts.computeIfPresent(account.username(), (name, current) -> account));
    }

    @Override
    public Flux<Account> byOrganization(OrganizationId organization) {
        return Flux.defer(() -> Flux.fromStream(accounts.values().stream()
            .filter(account -> account.organization().equals(organization))
            .sorted(BY_USERNAME)));
    }
}
