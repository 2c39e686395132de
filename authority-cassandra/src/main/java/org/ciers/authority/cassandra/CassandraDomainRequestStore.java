package org.ciers.authority.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.deleteFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.literal;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.update;
import static org.ciers.authority.cassandra.table.DomainRequestTables.BUCKET;
import static org.ciers.authority.cassandra.table.DomainRequestTables.BY_ORGANIZATION_TABLE_NAME;
import static org.ciers.authority.cassandra.table.DomainRequestTables.CONTACT_EMAIL;
import static org.ciers.authority.cassandra.table.DomainRequestTables.DECIDED_AT;
import static org.ciers.authority.cassandra.table.DomainRequestTables.DNS_TOKEN;
import static org.ciers.authority.cassandra.table.DomainRequestTables.DOMAIN;
import static org.ciers.authority.cassandra.table.DomainRequestTables.ID;
import static org.ciers.authority.cassandra.table.DomainRequestTables.MX_HOSTS;
import static org.ciers.authority.cassandra.table.DomainRequestTables.ORGANIZATION;
import static org.ciers.authority.cassandra.table.DomainRequestTables.PENDING_BUCKET;
import static org.ciers.authority.cassandra.table.DomainRequestTables.PENDING_TABLE_NAME;
import static org.ciers.authority.cassandra.table.DomainRequestTables.PROOF;
import static org.ciers.authority.cassandra.table.DomainRequestTables.REQUESTED_AT;
import static org.ciers.authority.cassandra.table.DomainRequestTables.STATE;
import static org.ciers.authority.cassandra.table.DomainRequestTables.TABLE_NAME;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.ciers.authority.model.DomainRequest;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.store.DomainRequestStore;
import org.ciers.protocol.model.DomainName;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Domain requests by ID; an organization's, newest first; and the pending ones, oldest first, in
 * one small partition the operator reads (a request leaves it when decided).
 */
public final class CassandraDomainRequestStore implements DomainRequestStore {
    private final CqlExecutor cql;
    private final PreparedStatement insert;
    private final PreparedStatement insertByOrganization;
    private final PreparedStatement insertPending;
    private final PreparedStatement select;
    private final PreparedStatement decide;
    private final PreparedStatement deletePending;
    private final PreparedStatement selectByOrganization;
    private final PreparedStatement selectPending;

    CassandraDomainRequestStore(CqlExecutor cql) {
        this.cql = cql;
        this.insert = cql.prepare(insertInto(TABLE_NAME)
            .value(ID, bindMarker(ID))
            .value(DOMAIN, bindMarker(DOMAIN))
            .value(ORGANIZATION, bindMarker(ORGANIZATION))
            .value(MX_HOSTS, bindMarker(MX_HOSTS))
            .value(PROOF, bindMarker(PROOF))
            .value(CONTACT_EMAIL, bindMarker(CONTACT_EMAIL))
            .value(DNS_TOKEN, bindMarker(DNS_TOKEN))
            .value(STATE, bindMarker(STATE))
            .value(REQUESTED_AT, bindMarker(REQUESTED_AT))
            .value(DECIDED_AT, bindMarker(DECIDED_AT)));
        this.insertByOrganization = cql.prepare(insertInto(BY_ORGANIZATION_TABLE_NAME)
            .value(ORGANIZATION, bindMarker(ORGANIZATION))
            .value(REQUESTED_AT, bindMarker(REQUESTED_AT))
            .value(ID, bindMarker(ID)));
        this.insertPending = cql.prepare(insertInto(PENDING_TABLE_NAME)
            .value(BUCKET, literal(PENDING_BUCKET))
            .value(REQUESTED_AT, bindMarker(REQUESTED_AT))
            .value(ID, bindMarker(ID)));
        this.select = cql.prepare(selectFrom(TABLE_NAME).all().whereColumn(ID).isEqualTo(bindMarker(ID)));
        this.decide = cql.prepare(update(TABLE_NAME)
            .setColumn(STATE, bindMarker(STATE))
            .setColumn(DECIDED_AT, bindMarker(DECIDED_AT))
            .whereColumn(ID).isEqualTo(bindMarker(ID))
            .ifColumn(STATE).isEqualTo(literal(DomainRequest.State.PENDING.name())));
        this.deletePending = cql.prepare(deleteFrom(PENDING_TABLE_NAME)
            .whereColumn(BUCKET).isEqualTo(literal(PENDING_BUCKET))
            .whereColumn(REQUESTED_AT).isEqualTo(bindMarker(REQUESTED_AT))
            .whereColumn(ID).isEqualTo(bindMarker(ID)));
        this.selectByOrganization = cql.prepare(selectFrom(BY_ORGANIZATION_TABLE_NAME).column(ID)
            .whereColumn(ORGANIZATION).isEqualTo(bindMarker(ORGANIZATION)));
        this.selectPending = cql.prepare(selectFrom(PENDING_TABLE_NAME).column(ID).whereColumn(BUCKET).isEqualTo(literal(PENDING_BUCKET)));
    }

    @Override
    public Mono<Void> save(DomainRequest request) {
        Mono<Void> pending = request.state() == DomainRequest.State.PENDING
            ? cql.execute(insertPending.bind().setInstant(REQUESTED_AT, request.requestedAt()).setUuid(ID, request.id()))
            : Mono.empty();
        return cql.execute(insert.bind()
                .setUuid(ID, request.id())
                .setString(DOMAIN, request.domain().asString())
                .setUuid(ORGANIZATION, request.organization().value())
                .setList(MX_HOSTS, request.mxHosts(), String.class)
                .setString(PROOF, request.proof().name())
                .setString(CONTACT_EMAIL, request.contactEmail())
                .setString(DNS_TOKEN, request.dnsToken())
                .setString(STATE, request.state().name())
                .setInstant(REQUESTED_AT, request.requestedAt())
                .setInstant(DECIDED_AT, request.decidedAt().orElse(null)))
            .then(cql.execute(insertByOrganization.bind()
                .setUuid(ORGANIZATION, request.organization().value())
                .setInstant(REQUESTED_AT, request.requestedAt())
                .setUuid(ID, request.id())))
            .then(pending);
    }

    @Override
    public Mono<DomainRequest> get(UUID id) {
        return cql.one(select.bind().setUuid(ID, id)).map(CassandraDomainRequestStore::request);
    }

    @Override
    public Mono<Boolean> decide(UUID id, DomainRequest.State state, Instant at) {
        return get(id)
            .flatMap(request -> cql.applied(decide.bind().setString(STATE, state.name()).setInstant(DECIDED_AT, at).setUuid(ID, id))
                .flatMap(decided -> decided
                    ? cql.execute(deletePending.bind().setInstant(REQUESTED_AT, request.requestedAt()).setUuid(ID, id)).thenReturn(true)
                    : Mono.just(false)))
            .defaultIfEmpty(false);
    }

    @Override
    public Flux<DomainRequest> byOrganization(OrganizationId organization) {
        return cql.rows(selectByOrganization.bind().setUuid(ORGANIZATION, organization.value())).concatMap(row -> get(row.getUuid(ID)));
    }

    @Override
    public Flux<DomainRequest> pending() {
        return cql.rows(selectPending.bind()).concatMap(row -> get(row.getUuid(ID)))
            .filter(request -> request.state() == DomainRequest.State.PENDING);
    }

    private static DomainRequest request(Row row) {
        return new DomainRequest(row.getUuid(ID), DomainName.of(row.getString(DOMAIN)), new OrganizationId(row.getUuid(ORGANIZATION)),
            row.getList(MX_HOSTS, String.class), DomainRequest.Proof.valueOf(row.getString(PROOF)), row.getString(CONTACT_EMAIL),
            row.getString(DNS_TOKEN), DomainRequest.State.valueOf(row.getString(STATE)), row.getInstant(REQUESTED_AT),
            Optional.ofNullable(row.getInstant(DECIDED_AT)));
    }
}
