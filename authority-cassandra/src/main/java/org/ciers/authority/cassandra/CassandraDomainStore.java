package org.ciers.authority.cassandra;

import java.time.Instant;

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
    static final String TABLE = "domains";
    static final String BY_SERVER_ID = "domains_by_server_id";
    static final String BY_ORGANIZATION = "domains_by_organization";
    static final String NAME = "name";
    static final String ORGANIZATION = "organization";
    static final String SERVER_ID = "server_id";
    static final String PASSPHRASE_HASH = "passphrase_hash";
    static final String MX_HOSTS = "mx_hosts";
    static final String REGISTERED_AT = "registered_at";
    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS " + TABLE + " (" + NAME + " text PRIMARY KEY, " + ORGANIZATION + " uuid, "
        + SERVER_ID + " text, " + PASSPHRASE_HASH + " text, " + MX_HOSTS + " list<text>, " + REGISTERED_AT + " timestamp)";
    static final String BY_SERVER_ID_SCHEMA = "CREATE TABLE IF NOT EXISTS " + BY_SERVER_ID + " (" + SERVER_ID + " text PRIMARY KEY, "
        + NAME + " text)";
    static final String BY_ORGANIZATION_SCHEMA = "CREATE TABLE IF NOT EXISTS " + BY_ORGANIZATION + " (" + ORGANIZATION + " uuid, "
        + NAME + " text, PRIMARY KEY (" + ORGANIZATION + ", " + NAME + "))";

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

    CassandraDomainStore(CqlExecutor cql) {
        this.cql = cql;
        this.claimServerId = cql.session().prepare("INSERT INTO " + BY_SERVER_ID + " (" + SERVER_ID + ", " + NAME + ") VALUES (?, ?) IF NOT EXISTS");
        this.releaseServerId = cql.session().prepare("DELETE FROM " + BY_SERVER_ID + " WHERE " + SERVER_ID + " = ? IF " + NAME + " = ?");
        this.insertDomain = cql.session().prepare("INSERT INTO " + TABLE + " (" + NAME + ", " + ORGANIZATION + ", " + SERVER_ID + ", "
            + PASSPHRASE_HASH + ", " + MX_HOSTS + ", " + REGISTERED_AT + ") VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        this.insertByOrganization = cql.session().prepare("INSERT INTO " + BY_ORGANIZATION + " (" + ORGANIZATION + ", " + NAME + ") VALUES (?, ?)");
        this.selectByName = cql.session().prepare("SELECT * FROM " + TABLE + " WHERE " + NAME + " = ?");
        this.selectNameByServerId = cql.session().prepare("SELECT " + NAME + " FROM " + BY_SERVER_ID + " WHERE " + SERVER_ID + " = ?");
        this.selectNamesByOrganization = cql.session().prepare("SELECT " + NAME + " FROM " + BY_ORGANIZATION + " WHERE " + ORGANIZATION + " = ?");
        // the operator's listing, never on a protocol request
        this.selectAll = cql.session().prepare("SELECT * FROM " + TABLE);
        this.deleteDomain = cql.session().prepare("DELETE FROM " + TABLE + " WHERE " + NAME + " = ? IF EXISTS");
        this.deleteServerId = cql.session().prepare("DELETE FROM " + BY_SERVER_ID + " WHERE " + SERVER_ID + " = ?");
        this.deleteByOrganization = cql.session().prepare("DELETE FROM " + BY_ORGANIZATION + " WHERE " + ORGANIZATION + " = ? AND "
            + NAME + " = ?");
    }

    @Override
    public Mono<Boolean> register(RegisteredDomain domain) {
        String name = domain.name().asString();
        return cql.applied(claimServerId.bind(domain.serverId().asString(), name))
            .flatMap(serverIdClaimed -> {
                if (!serverIdClaimed) {
                    return Mono.just(false);
                }
                return cql.applied(insertDomain.bind(name, domain.organization().value(), domain.serverId().asString(),
                        domain.passphraseHash(), domain.mxHosts(), domain.registeredAt()))
                    .flatMap(registered -> registered
                        ? cql.execute(insertByOrganization.bind(domain.organization().value(), name)).thenReturn(true)
                        // the name was taken: give the server ID back
                        : cql.execute(releaseServerId.bind(domain.serverId().asString(), name)).thenReturn(false));
            });
    }

    @Override
    public Mono<RegisteredDomain> byName(DomainName name) {
        return cql.one(selectByName.bind(name.asString())).map(CassandraDomainStore::domain);
    }

    @Override
    public Mono<RegisteredDomain> byServerId(ServerId serverId) {
        return cql.one(selectNameByServerId.bind(serverId.asString()))
            .flatMap(row -> byName(DomainName.of(row.getString(NAME))))
            // a claim whose domain row never came (a crash between the two writes) names nothing
            .filter(domain -> domain.serverId().equals(serverId));
    }

    @Override
    public Flux<RegisteredDomain> byOrganization(OrganizationId organization) {
        return cql.rows(selectNamesByOrganization.bind(organization.value()))
            .concatMap(row -> byName(DomainName.of(row.getString(NAME))));
    }

    @Override
    public Flux<RegisteredDomain> list() {
        return cql.rows(selectAll.bind()).map(CassandraDomainStore::domain);
    }

    @Override
    public Mono<Boolean> remove(DomainName name) {
        return byName(name)
            .flatMap(domain -> cql.applied(deleteDomain.bind(name.asString()))
                .flatMap(removed -> removed
                    ? cql.execute(deleteServerId.bind(domain.serverId().asString()))
                        .then(cql.execute(deleteByOrganization.bind(domain.organization().value(), name.asString())))
                        .thenReturn(true)
                    : Mono.just(false)))
            .defaultIfEmpty(false);
    }

    private static RegisteredDomain domain(Row row) {
        return new RegisteredDomain(DomainName.of(row.getString(NAME)), new OrganizationId(row.getUuid(ORGANIZATION)),
            ServerId.of(row.getString(SERVER_ID)), row.getString(PASSPHRASE_HASH), row.getList(MX_HOSTS, String.class),
            row.get(REGISTERED_AT, Instant.class));
    }
}
