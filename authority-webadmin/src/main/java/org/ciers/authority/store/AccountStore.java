package org.ciers.authority.store;

import java.util.Comparator;

import org.ciers.authority.model.Account;
import org.ciers.authority.model.OrganizationId;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Organization logins, by username. */
public interface AccountStore {
    /** The order of {@link #byOrganization}: by username. */
    Comparator<Account> BY_USERNAME = Comparator.comparing(Account::username, StoreOrder.TEXT);

    /** Creates the account; false, and nothing stored, when the username is taken. */
    Mono<Boolean> create(Account account);

    Mono<Account> get(String username);

    /** Replaces the account's status and confirmations (the username and organization never change). */
    Mono<Void> update(Account account);

    /** The organization's accounts, {@link #BY_USERNAME}. */
    Flux<Account> byOrganization(OrganizationId organization);
}
