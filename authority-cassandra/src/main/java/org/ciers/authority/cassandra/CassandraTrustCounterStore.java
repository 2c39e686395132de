package org.ciers.authority.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.update;
import static org.ciers.authority.cassandra.table.TrustCounterTable.REFUTED_REPORTS;
import static org.ciers.authority.cassandra.table.TrustCounterTable.SENDER_DOMAIN;
import static org.ciers.authority.cassandra.table.TrustCounterTable.STANDING_REPORTS;
import static org.ciers.authority.cassandra.table.TrustCounterTable.TABLE_NAME;
import static org.ciers.authority.cassandra.table.TrustCounterTable.TRANSMISSIONS;

import org.ciers.authority.model.TrustCounters;
import org.ciers.authority.store.TrustCounterStore;
import org.ciers.protocol.model.DomainName;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import reactor.core.publisher.Mono;

/** Trust counters as Cassandra counter columns: every event adds its delta, concurrent additions never collide. */
public final class CassandraTrustCounterStore implements TrustCounterStore {
    private final CqlExecutor cql;
    private final PreparedStatement add;
    private final PreparedStatement select;

    CassandraTrustCounterStore(CqlExecutor cql) {
        this.cql = cql;
        this.add = cql.prepare(update(TABLE_NAME)
            .increment(TRANSMISSIONS, bindMarker(TRANSMISSIONS))
            .increment(STANDING_REPORTS, bindMarker(STANDING_REPORTS))
            .increment(REFUTED_REPORTS, bindMarker(REFUTED_REPORTS))
            .whereColumn(SENDER_DOMAIN).isEqualTo(bindMarker(SENDER_DOMAIN)));
        this.select = cql.prepare(selectFrom(TABLE_NAME).all().whereColumn(SENDER_DOMAIN).isEqualTo(bindMarker(SENDER_DOMAIN)));
    }

    @Override
    public Mono<Void> add(DomainName senderDomain, TrustCounters delta) {
        return cql.execute(add.bind()
            .setLong(TRANSMISSIONS, delta.transmissions())
            .setLong(STANDING_REPORTS, delta.standingReports())
            .setLong(REFUTED_REPORTS, delta.refutedReports())
            .setString(SENDER_DOMAIN, senderDomain.asString()));
    }

    @Override
    public Mono<TrustCounters> get(DomainName senderDomain) {
        return cql.one(select.bind().setString(SENDER_DOMAIN, senderDomain.asString()))
            .map(row -> new TrustCounters(row.getLong(TRANSMISSIONS), row.getLong(STANDING_REPORTS), row.getLong(REFUTED_REPORTS)))
            .defaultIfEmpty(TrustCounters.ZERO);
    }
}
