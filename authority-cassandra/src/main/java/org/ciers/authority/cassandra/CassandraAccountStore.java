package org.ciers.authority.cassandra;

import java.time.Instant;

import org.ciers.authority.model.Account;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.store.AccountStore;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Accounts by username (claimed with IF NOT EXISTS), and an organization's usernames. */
public final class CassandraAccountStore implements AccountStore {
    static final String TABLE = "accounts";
    static final String BY_ORGANIZATION = "accounts_by_organization";
    static final String USERNAME = "username";
    static final String ORGANIZATION = "organization";
    static final String PASSWORD_HASH = "password_hash";
    static final String STATUS = "status";
    static final String EMAIL_CONFIRMED = "email_confirmed";
    static final String PHONE_CONFIRMED = "phone_confirmed";
    static final String CREATED_AT = "created_at";
    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS " + TABLE + " (" + USERNAME + " text PRIMARY KEY, " + ORGANIZATION + " uuid, "
        + PASSWORD_HASH + " text, " + STATUS + " text, " + EMAIL_CONFIRMED + " boolean, " + PHONE_CONFIRMED + " boolean, " + CREATED_AT
        + " timestamp)";
    static final String BY_ORGANIZATION_SCHEMA = "CREATE TABLE IF NOT EXISTS " + BY_ORGANIZATION + " (" + ORGANIZATION + " uuid, " + USERNAME
        + " text, PRIMARY KEY (" + ORGANIZATION + ", " + USERNAME + "))";

    private final CqlExecutor cql;
    private final PreparedStatement insert;
    private final PreparedStatement insertByOrganization;
    private final PreparedStatement select;
    private final PreparedStatement update;
    private final PreparedStatement selectByOrganization;

    CassandraAccountStore(CqlExecutor cql) {
        this.cql = cql;
        this.insert = cql.session().prepare("INSERT INTO " + TABLE + " (" + USERNAME + ", " + ORGANIZATION + ", " + PASSWORD_HASH + ", " + STATUS
            + ", " + EMAIL_CONFIRMED + ", " + PHONE_CONFIRMED + ", " + CREATED_AT + ") VALUES (?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        this.insertByOrganization = cql.session().prepare("INSERT INTO " + BY_ORGANIZATION + " (" + ORGANIZATION + ", " + USERNAME
            + ") VALUES (?, ?)");
        this.select = cql.session().prepare("SELECT * FROM " + TABLE + " WHERE " + USERNAME + " = ?");
        this.update = cql.session().prepare("UPDATE " + TABLE + " SET " + STATUS + " = ?, " + EMAIL_CONFIRMED + " = ?, " + PHONE_CONFIRMED
            + " = ? WHERE " + USERNAME + " = ? IF EXISTS");
        this.selectByOrganization = cql.session().prepare("SELECT " + USERNAME + " FROM " + BY_ORGANIZATION + " WHERE " + ORGANIZATION + " = ?");
    }

    @Override
    public Mono<Boolean> create(Account account) {
        return cql.applied(insert.bind(account.username(), account.organization().value(), account.passwordHash(), account.status().name(),
                account.emailConfirmed(), account.phoneConfirmed(), account.createdAt()))
            .flatMap(created -> created
                ? cql.execute(insertByOrganization.bind(account.organization().value(), account.username())).thenReturn(true)
                : Mono.just(false));
    }

    @Override
    public Mono<Account> get(String username) {
        return cql.one(select.bind(username)).map(CassandraAccountStore::account);
    }

    @Override
    public Mono<Void> update(Account account) {
        return cql.applied(update.bind(account.status().name(), account.emailConfirmed(), account.phoneConfirmed(), account.username()))
            .then();
    }

    @Override
    public Flux<Account> byOrganization(OrganizationId organization) {
        return cql.rows(selectByOrganization.bind(organization.value())).concatMap(row -> get(row.getString(USERNAME)));
    }

    private static Account account(Row row) {
        return new Account(row.getString(USERNAME), new OrganizationId(row.getUuid(ORGANIZATION)), row.getString(PASSWORD_HASH),
            Account.Status.valueOf(row.getString(STATUS)), row.getBoolean(EMAIL_CONFIRMED), row.getBoolean(PHONE_CONFIRMED),
            row.get(CREATED_AT, Instant.class));
    }
}
