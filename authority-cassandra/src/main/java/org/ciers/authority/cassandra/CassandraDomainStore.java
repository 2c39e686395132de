package org.ciers.authority.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.deleteFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.literal;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.update;
import static org.ciers.authority.cassandra.table.DomainTables.BY_ORGANIZATION_TABLE_NAME;
import static org.ciers.authority.cassandra.table.DomainTables.BY_SERVER_ID_TABLE_NAME;
import static org.ciers.authority.cassandra.table.DomainTables.LIST;
import static org.ciers.authority.cassandra.table.DomainTables.MX_HOSTS;
import static org.ciers.authority.cassandra.table.DomainTables.NAME;
import static org.ciers.authority.cassandra.table.DomainTables.ORGANIZATION;
import static org.ciers.authority.cassandra.table.DomainTables.PASSPHRASE_HASH;
import static org.ciers.authority.cassandra.table.DomainTables.REGISTERED_AT;
import static org.ciers.authority.cassandra.table.DomainTables.SERVER_ID;
import static org.ciers.authority.cassandra.table.DomainTables.SUSPENDED;
import static org.ciers.authority.cassandra.table.DomainTables.SUSPENDED_PARTITION;
import static org.ciers.authority.cassandra.table.DomainTables.SUSPENDED_TABLE_NAME;
import static org.ciers.authority.cassandra.table.DomainTables.TABLE_NAME;

import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.model.RegisteredDomain;
import org.ciers.authority.store.DomainStore;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.ServerId;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Domains by name, plus two lookup tables: by server ID (every authenticated request) and by
 * organization. A name and a server ID are each claimed with a lightweight transaction, so two
 * authority nodes can never give out the same one.
 */
public final class CassandraDomainStore implements DomainStore {
    private final CqlExecutor cql;
    private final PreparedStatement claimServerId;
    private final PreparedStatement releaseServerId;
    private final PreparedStatement insertDomain;
    private final PreparedStatement insertByOrganization;
    private final PreparedStatement selectByName;
    private final PreparedStatement selectNameByServerId;
    private final PreparedStatement selectNamesByOrganization;
    private final PreparedStatement selectAll;
    private final PreparedStatement deleteDomain;
    private final PreparedStatement deleteServerId;
    private final PreparedStatement deleteByOrganization;
    private final PreparedStatement updateSuspended;
    private final PreparedStatement insertSuspended;
    private final PreparedStatement deleteSuspended;
    private final PreparedStatement selectSuspended;

    CassandraDomainStore(CqlExecutor cql) {
        this.cql = cql;
        this.claimServerId = cql.prepare(insertInto(BY_SERVER_ID_TABLE_NAME)
            .value(SERVER_ID, bindMarker(SERVER_ID))
            .value(NAME, bindMarker(NAME))
            .ifNotExists());
        this.releaseServerId = cql.prepare(deleteFrom(BY_SERVER_ID_TABLE_NAME)
            .whereColumn(SERVER_ID).isEqualTo(bindMarker(SERVER_ID))
            .ifColumn(NAME).isEqualTo(bindMarker(NAME)));
        this.insertDomain = cql.prepare(insertInto(TABLE_NAME)
            .value(NAME, bindMarker(NAME))
            .value(ORGANIZATION, bindMarker(ORGANIZATION))
            .value(SERVER_ID, bindMarker(SERVER_ID))
            .value(PASSPHRASE_HASH, bindMarker(PASSPHRASE_HASH))
            .value(MX_HOSTS, bindMarker(MX_HOSTS))
            .value(REGISTERED_AT, bindMarker(REGISTERED_AT))
            .ifNotExists());
        this.insertByOrganization = cql.prepare(insertInto(BY_ORGANIZATION_TABLE_NAME)
            .value(ORGANIZATION, bindMarker(ORGANIZATION))
            .value(NAME, bindMarker(NAME)));
        this.selectByName = cql.prepare(selectFrom(TABLE_NAME).all().whereColumn(NAME).isEqualTo(bindMarker(NAME)));
        this.selectNameByServerId = cql.prepare(selectFrom(BY_SERVER_ID_TABLE_NAME).column(NAME)
            .whereColumn(SERVER_ID).isEqualTo(bindMarker(SERVER_ID)));
        this.selectNamesByOrganization = cql.prepare(selectFrom(BY_ORGANIZATION_TABLE_NAME).column(NAME)
            .whereColumn(ORGANIZATION).isEqualTo(bindMarker(ORGANIZATION)));
        // the operator's listing, never on a protocol request
        this.selectAll = cql.prepare(selectFrom(TABLE_NAME).all());
        this.deleteDomain = cql.prepare(deleteFrom(TABLE_NAME).whereColumn(NAME).isEqualTo(bindMarker(NAME)).ifExists());
        this.deleteServerId = cql.prepare(deleteFrom(BY_SERVER_ID_TABLE_NAME).whereColumn(SERVER_ID).isEqualTo(bindMarker(SERVER_ID)));
        this.deleteByOrganization = cql.prepare(deleteFrom(BY_ORGANIZATION_TABLE_NAME)
            .whereColumn(ORGANIZATION).isEqualTo(bindMarker(ORGANIZATION))
            .whereColumn(NAME).isEqualTo(bindMarker(NAME)));
        // an operator's action, never on a protocol request: IF EXISTS keeps a removed domain removed
        this.updateSuspended = cql.prepare(update(TABLE_NAME).setColumn(SUSPENDED, bindMarker(SUSPENDED))
            .whereColumn(NAME).isEqualTo(bindMarker(NAME)).ifExists());
        this.insertSuspended = cql.prepare(insertInto(SUSPENDED_TABLE_NAME)
            .value(LIST, literal(SUSPENDED_PARTITION))
            .value(SERVER_ID, bindMarker(SERVER_ID)));
        this.deleteSuspended = cql.prepare(deleteFrom(SUSPENDED_TABLE_NAME)
            .whereColumn(LIST).isEqualTo(literal(SUSPENDED_PARTITION))
            .whereColumn(SERVER_ID).isEqualTo(bindMarker(SERVER_ID)));
        this.selectSuspended = cql.prepare(selectFrom(SUSPENDED_TABLE_NAME).column(SERVER_ID)
            .whereColumn(LIST).isEqualTo(literal(SUSPENDED_PARTITION)));
    }

    @Override
    public Mono<Boolean> register(RegisteredDomain domain) {
        String name = domain.name().asString();
        String serverId = domain.serverId().asString();
        return cql.applied(claimServerId.bind().setString(SERVER_ID, serverId).setString(NAME, name))
            .flatMap(serverIdClaimed -> {
                if (!serverIdClaimed) {
                    return Mono.just(false);
                }
                return cql.applied(insertDomain.bind()
                        .setString(NAME, name)
                        .setUuid(ORGANIZATION, domain.organization().value())
                        .setString(SERVER_ID, serverId)
                        .setString(PASSPHRASE_HASH, domain.passphraseHash())
                        .setList(MX_HOSTS, domain.mxHosts(), String.class)
                        .setInstant(REGISTERED_AT, domain.registeredAt()))
                    .flatMap(registered -> registered
                        ? cql.execute(insertByOrganization.bind()
                                .setUuid(ORGANIZATION, domain.organization().value())
                                .setString(NAME, name))
                            .thenReturn(true)
                        // the name was taken: give the server ID back
                        : cql.execute(releaseServerId.bind().setString(SERVER_ID, serverId).setString(NAME, name)).thenReturn(false));
            });
    }

    @Override
    public Mono<RegisteredDomain> byName(DomainName name) {
        return cql.one(selectByName.bind().setString(NAME, name.asString())).map(CassandraDomainStore::domain);
    }

    @Override
    public Mono<RegisteredDomain> byServerId(ServerId serverId) {
        return cql.one(selectNameByServerId.bind().setString(SERVER_ID, serverId.asString()))
            .flatMap(row -> byName(DomainName.of(row.getString(NAME))))
            // a claim whose domain row never came (a crash between the two writes) names nothing
            .filter(domain -> domain.serverId().equals(serverId));
    }

    @Override
    public Flux<RegisteredDomain> byOrganization(OrganizationId organization) {
        return cql.rows(selectNamesByOrganization.bind().setUuid(ORGANIZATION, organization.value()))
            .concatMap(row -> byName(DomainName.of(row.getString(NAME))));
    }

    @Override
    public Flux<RegisteredDomain> list() {
        return cql.rows(selectAll.bind()).map(CassandraDomainStore::domain).sort(BY_NAME);
    }

    @Override
    public Mono<Boolean> setSuspended(DomainName name, boolean suspended) {
        return byName(name)
            .flatMap(domain -> cql.applied(updateSuspended.bind().setBoolean(SUSPENDED, suspended).setString(NAME, name.asString()))
                .flatMap(updated -> !updated ? Mono.just(false)
                    : cql.execute((suspended ? insertSuspended : deleteSuspended).bind().setString(SERVER_ID, domain.serverId().asString()))
                        .thenReturn(true)))
            .defaultIfEmpty(false);
    }

    @Override
    public Flux<ServerId> suspendedServerIds() {
        return cql.rows(selectSuspended.bind()).map(row -> ServerId.of(row.getString(SERVER_ID)));
    }

    @Override
    public Mono<Boolean> remove(DomainName name) {
        return byName(name)
            .flatMap(domain -> cql.applied(deleteDomain.bind().setString(NAME, name.asString()))
                .flatMap(removed -> removed
                    ? cql.execute(deleteServerId.bind().setString(SERVER_ID, domain.serverId().asString()))
                        .then(cql.execute(deleteSuspended.bind().setString(SERVER_ID, domain.serverId().asString())))
                        .then(cql.execute(deleteByOrganization.bind()
                            .setUuid(ORGANIZATION, domain.organization().value())
                            .setString(NAME, name.asString())))
                        .thenReturn(true)
                    : Mono.just(false)))
            .defaultIfEmpty(false);
    }

    private static RegisteredDomain domain(Row row) {
        return new RegisteredDomain(DomainName.of(row.getString(NAME)), new OrganizationId(row.getUuid(ORGANIZATION)),
            ServerId.of(row.getString(SERVER_ID)), row.getString(PASSPHRASE_HASH), row.getList(MX_HOSTS, String.class),
            row.getInstant(REGISTERED_AT), !row.isNull(SUSPENDED) && row.getBoolean(SUSPENDED));
    }
}
