package org.ciers.authority.cassandra;

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
    static final String TABLE = "domain_requests";
    static final String BY_ORGANIZATION = "domain_requests_by_organization";
    static final String PENDING = "domain_requests_pending";
    static final String ID = "id";
    static final String DOMAIN = "domain";
    static final String ORGANIZATION = "organization";
    static final String MX_HOSTS = "mx_hosts";
    static final String PROOF = "proof";
    static final String CONTACT_EMAIL = "contact_email";
    static final String DNS_TOKEN = "dns_token";
    static final String STATE = "state";
    static final String REQUESTED_AT = "requested_at";
    static final String DECIDED_AT = "decided_at";
    static final String BUCKET = "bucket";
    private static final String PENDING_BUCKET = "pending";
    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS " + TABLE + " (" + ID + " uuid PRIMARY KEY, " + DOMAIN + " text, " + ORGANIZATION
        + " uuid, " + MX_HOSTS + " list<text>, " + PROOF + " text, " + CONTACT_EMAIL + " text, " + DNS_TOKEN + " text, " + STATE + " text, "
        + REQUESTED_AT + " timestamp, " + DECIDED_AT + " timestamp)";
    static final String BY_ORGANIZATION_SCHEMA = "CREATE TABLE IF NOT EXISTS " + BY_ORGANIZATION + " (" + ORGANIZATION + " uuid, "
        + REQUESTED_AT + " timestamp, " + ID + " uuid, PRIMARY KEY (" + ORGANIZATION + ", " + REQUESTED_AT + ", " + ID
        + ")) WITH CLUSTERING ORDER BY (" + REQUESTED_AT + " DESC, " + ID + " DESC)";
    static final String PENDING_SCHEMA = "CREATE TABLE IF NOT EXISTS " + PENDING + " (" + BUCKET + " text, " + REQUESTED_AT + " timestamp, "
        + ID + " uuid, PRIMARY KEY (" + BUCKET + ", " + REQUESTED_AT + ", " + ID + "))";

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
        this.insert = cql.session().prepare("INSERT INTO " + TABLE + " (" + ID + ", " + DOMAIN + ", " + ORGANIZATION + ", " + MX_HOSTS + ", "
            + PROOF + ", " + CONTACT_EMAIL + ", " + DNS_TOKEN + ", " + STATE + ", " + REQUESTED_AT + ", " + DECIDED_AT
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.insertByOrganization = cql.session().prepare("INSERT INTO " + BY_ORGANIZATION + " (" + ORGANIZATION + ", " + REQUESTED_AT + ", "
            + ID + ") VALUES (?, ?, ?)");
        this.insertPending = cql.session().prepare("INSERT INTO " + PENDING + " (" + BUCKET + ", " + REQUESTED_AT + ", " + ID
            + ") VALUES ('" + PENDING_BUCKET + "', ?, ?)");
        this.select = cql.session().prepare("SELECT * FROM " + TABLE + " WHERE " + ID + " = ?");
        this.decide = cql.session().prepare("UPDATE " + TABLE + " SET " + STATE + " = ?, " + DECIDED_AT + " = ? WHERE " + ID + " = ? IF "
            + STATE + " = '" + DomainRequest.State.PENDING.name() + "'");
        this.deletePending = cql.session().prepare("DELETE FROM " + PENDING + " WHERE " + BUCKET + " = '" + PENDING_BUCKET + "' AND "
            + REQUESTED_AT + " = ? AND " + ID + " = ?");
        this.selectByOrganization = cql.session().prepare("SELECT " + ID + " FROM " + BY_ORGANIZATION + " WHERE " + ORGANIZATION + " = ?");
        this.selectPending = cql.session().prepare("SELECT " + ID + " FROM " + PENDING + " WHERE " + BUCKET + " = '" + PENDING_BUCKET + "'");
    }

    @Override
    public Mono<Void> save(DomainRequest request) {
        Mono<Void> pending = request.state() == DomainRequest.State.PENDING
            ? cql.execute(insertPending.bind(request.requestedAt(), request.id()))
            : Mono.empty();
        return cql.execute(insert.bind(request.id(), request.domain().asString(), request.organization().value(), request.mxHosts(),
                request.proof().name(), request.contactEmail(), request.dnsToken(), request.state().name(), request.requestedAt(),
                request.decidedAt().orElse(null)))
            .then(cql.execute(insertByOrganization.bind(request.organization().value(), request.requestedAt(), request.id())))
            .then(pending);
    }

    @Override
    public Mono<DomainRequest> get(UUID id) {
        return cql.one(select.bind(id)).map(CassandraDomainRequestStore::request);
    }

    @Override
    public Mono<Boolean> decide(UUID id, DomainRequest.State state, Instant at) {
        return get(id).flatMap(request -> cql.applied(decide.bind(state.name(), at, id))
                .flatMap(decided -> decided
                    ? cql.execute(deletePending.bind(request.requestedAt(), id)).thenReturn(true)
                    : Mono.just(false)))
            .defaultIfEmpty(false);
    }

    @Override
    public Flux<DomainRequest> byOrganization(OrganizationId organization) {
        return cql.rows(selectByOrganization.bind(organization.value())).concatMap(row -> get(row.getUuid(ID)));
    }

    @Override
    public Flux<DomainRequest> pending() {
        return cql.rows(selectPending.bind()).concatMap(row -> get(row.getUuid(ID)))
            .filter(request -> request.state() == DomainRequest.State.PENDING);
    }

    private static DomainRequest request(Row row) {
        return new DomainRequest(row.getUuid(ID), DomainName.of(row.getString(DOMAIN)), new OrganizationId(row.getUuid(ORGANIZATION)),
            row.getList(MX_HOSTS, String.class), DomainRequest.Proof.valueOf(row.getString(PROOF)), row.getString(CONTACT_EMAIL),
            row.getString(DNS_TOKEN), DomainRequest.State.valueOf(row.getString(STATE)), row.get(REQUESTED_AT, Instant.class),
            Optional.ofNullable(row.get(DECIDED_AT, Instant.class)));
    }
}
