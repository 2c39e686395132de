package org.ciers.authority.cassandra;

import org.ciers.authority.model.TrustCounters;
import org.ciers.authority.store.TrustCounterStore;
import org.ciers.protocol.model.DomainName;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import reactor.core.publisher.Mono;

/** Trust counters as Cassandra counter columns: every event adds its delta, concurrent additions never collide. */
public final class CassandraTrustCounterStore implements TrustCounterStore {
    static final String TABLE = "trust_counters";
    static final String SENDER_DOMAIN = "sender_domain";
    static final String TRANSMISSIONS = "transmissions";
    static final String STANDING_REPORTS = "standing_reports";
    static final String REFUTED_REPORTS = "refuted_reports";
    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS " + TABLE + " (" + SENDER_DOMAIN + " text PRIMARY KEY, " + TRANSMISSIONS
        + " counter, " + STANDING_REPORTS + " counter, " + REFUTED_REPORTS + " counter)";

    private final CqlExecutor cql;
    private final PreparedStatement add;
    private final PreparedStatement select;

    CassandraTrustCounterStore(CqlExecutor cql) {
        this.cql = cql;
        this.add = cql.session().prepare("UPDATE " + TABLE + " SET " + TRANSMISSIONS + " = " + TRANSMISSIONS + " + ?, " + STANDING_REPORTS
            + " = " + STANDING_REPORTS + " + ?, " + REFUTED_REPORTS + " = " + REFUTED_REPORTS + " + ? WHERE " + SENDER_DOMAIN + " = ?");
        this.select = cql.session().prepare("SELECT * FROM " + TABLE + " WHERE " + SENDER_DOMAIN + " = ?");
    }

    @Override
    public Mono<Void> add(DomainName senderDomain, TrustCounters delta) {
        return cql.execute(add.bind(delta.transmissions(), delta.standingReports(), delta.refutedReports(), senderDomain.asString()));
    }

    @Override
    public Mono<TrustCounters> get(DomainName senderDomain) {
        return cql.one(select.bind(senderDomain.asString()))
            .map(row -> new TrustCounters(row.getLong(TRANSMISSIONS), row.getLong(STANDING_REPORTS), row.getLong(REFUTED_REPORTS)))
            .defaultIfEmpty(TrustCounters.ZERO);
    }
}
