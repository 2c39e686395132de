package org.ciers.authority.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static org.ciers.authority.cassandra.table.AccountTables.BY_ORGANIZATION_TABLE_NAME;
import static org.ciers.authority.cassandra.table.AccountTables.CREATED_AT;
import static org.ciers.authority.cassandra.table.AccountTables.EMAIL_CONFIRMED;
import static org.ciers.authority.cassandra.table.AccountTables.ORGANIZATION;
import static org.ciers.authority.cassandra.table.AccountTables.PASSWORD_HASH;
import static org.ciers.authority.cassandra.table.AccountTables.PHONE_CONFIRMED;
import static org.ciers.authority.cassandra.table.AccountTables.STATUS;
import static org.ciers.authority.cassandra.table.AccountTables.TABLE_NAME;
import static org.ciers.authority.cassandra.table.AccountTables.USERNAME;

import org.ciers.authority.model.Account;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.store.AccountStore;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.querybuilder.QueryBuilder;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Accounts by username (claimed with IF NOT EXISTS), and an organization's usernames. */
public final class CassandraAccountStore implements AccountStore {
    private final CqlExecutor cql;
    private final PreparedStatement insert;
    private final PreparedStatement insertByOrganization;
    private final PreparedStatement select;
    private final PreparedStatement update;
    private final PreparedStatement selectByOrganization;

    CassandraAccountStore(CqlExecutor cql) {
        this.cql = cql;
        this.insert = cql.prepare(insertInto(TABLE_NAME)
            .value(USERNAME, bindMarker(USERNAME))
            .value(ORGANIZATION, bindMarker(ORGANIZATION))
            .value(PASSWORD_HASH, bindMarker(PASSWORD_HASH))
            .value(STATUS, bindMarker(STATUS))
            .value(EMAIL_CONFIRMED, bindMarker(EMAIL_CONFIRMED))
            .value(PHONE_CONFIRMED, bindMarker(PHONE_CONFIRMED))
            .value(CREATED_AT, bindMarker(CREATED_AT))
            .ifNotExists());
        this.insertByOrganization = cql.prepare(insertInto(BY_ORGANIZATION_TABLE_NAME)
            .value(ORGANIZATION, bindMarker(ORGANIZATION))
            .value(USERNAME, bindMarker(USERNAME)));
        this.select = cql.prepare(selectFrom(TABLE_NAME).all().whereColumn(USERNAME).isEqualTo(bindMarker(USERNAME)));
        this.update = cql.prepare(QueryBuilder.update(TABLE_NAME)
            .setColumn(STATUS, bindMarker(STATUS))
            .setColumn(EMAIL_CONFIRMED, bindMarker(EMAIL_CONFIRMED))
            .setColumn(PHONE_CONFIRMED, bindMarker(PHONE_CONFIRMED))
            .whereColumn(USERNAME).isEqualTo(bindMarker(USERNAME))
            .ifExists());
        this.selectByOrganization = cql.prepare(selectFrom(BY_ORGANIZATION_TABLE_NAME).column(USERNAME)
            .whereColumn(ORGANIZATION).isEqualTo(bindMarker(ORGANIZATION)));
    }

    @Override
    public Mono<Boolean> create(Account account) {
        return cql.applied(insert.bind()
                .setString(USERNAME, account.username())
                .setUuid(ORGANIZATION, account.organization().value())
                .setString(PASSWORD_HASH, account.passwordHash())
                .setString(STATUS, account.status().name())
                .setBoolean(EMAIL_CONFIRMED, account.emailConfirmed())
                .setBoolean(PHONE_CONFIRMED, account.phoneConfirmed())
                .setInstant(CREATED_AT, account.createdAt()))
            .flatMap(created -> created
                ? cql.execute(insertByOrganization.bind()
                    .setUuid(ORGANIZATION, account.organization().value())
                    .setString(USERNAME, account.username())).thenReturn(true)
                : Mono.just(false));
    }

    @Override
    public Mono<Account> get(String username) {
        return cql.one(select.bind().setString(USERNAME, username)).map(CassandraAccountStore::account);
    }

    @Override
    public Mono<Void> update(Account account) {
        return cql.applied(update.bind()
                .setString(STATUS, account.status().name())
                .setBoolean(EMAIL_CONFIRMED, account.emailConfirmed())
                .setBoolean(PHONE_CONFIRMED, account.phoneConfirmed())
                .setString(USERNAME, account.username()))
            .then();
    }

    @Override
    public Flux<Account> byOrganization(OrganizationId organization) {
        return cql.rows(selectByOrganization.bind().setUuid(ORGANIZATION, organization.value()))
            .concatMap(row -> get(row.getString(USERNAME)));
    }

    private static Account account(Row row) {
        return new Account(row.getString(USERNAME), new OrganizationId(row.getUuid(ORGANIZATION)), row.getString(PASSWORD_HASH),
            Account.Status.valueOf(row.getString(STATUS)), row.getBoolean(EMAIL_CONFIRMED), row.getBoolean(PHONE_CONFIRMED),
            row.getInstant(CREATED_AT));
    }
}
