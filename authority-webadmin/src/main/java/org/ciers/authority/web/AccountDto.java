package org.ciers.authority.web;

import org.ciers.authority.model.Account;

/** A portal account and how far its confirmation went. */
public record AccountDto(String username, String organizationId, String status, boolean emailConfirmed, boolean phoneConfirmed) {
    public static AccountDto of(Account account) {
        return new AccountDto(account.username(), account.organization().asString(), account.status().name().toLowerCase(),
            account.emailConfirmed(), account.phoneConfirmed());
    }
}
