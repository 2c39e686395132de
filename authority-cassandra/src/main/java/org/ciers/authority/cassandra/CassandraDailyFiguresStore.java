package org.ciers.authority.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static org.ciers.authority.cassandra.table.AnalyticsTables.DAILY_FIGURES_TABLE;
import static org.ciers.authority.cassandra.table.AnalyticsTables.DAY;
import static org.ciers.authority.cassandra.table.AnalyticsTables.DOMAIN;
import static org.ciers.authority.cassandra.table.AnalyticsTables.END_REFUTED;
import static org.ciers.authority.cassandra.table.AnalyticsTables.END_STANDING;
import static org.ciers.authority.cassandra.table.AnalyticsTables.END_TRANSMISSIONS;
import static org.ciers.authority.cassandra.table.AnalyticsTables.START_REFUTED;
import static org.ciers.authority.cassandra.table.AnalyticsTables.START_STANDING;
import static org.ciers.authority.cassandra.table.AnalyticsTables.START_TRANSMISSIONS;
import static org.ciers.authority.cassandra.table.AnalyticsTables.TAKEN_AT;

import java.time.LocalDate;

import org.ciers.authority.model.DailyFigures;
import org.ciers.authority.model.TrustCounters;
import org.ciers.authority.store.DailyFiguresStore;
import org.ciers.protocol.model.DomainName;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.schema.ClusteringOrder;
import com.datastax.oss.driver.api.querybuilder.relation.Relation;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A partition per sender domain, newest day first; the rebuild's full read is the only read across domains. */
public final class CassandraDailyFiguresStore implements DailyFiguresStore {
    private static final CqlIdentifier FROM = CqlIdentifier.fromCql("from_day");
    private static final CqlIdentifier TO = CqlIdentifier.fromCql("to_day");

    private final CqlExecutor cql;
    private final PreparedStatement insert;
    private final PreparedStatement select;
    private final PreparedStatement selectBefore;
    private final PreparedStatement selectRange;
    private final PreparedStatement selectAll;

    CassandraDailyFiguresStore(CqlExecutor cql) {
        this.cql = cql;
        this.insert = cql.prepare(insertInto(DAILY_FIGURES_TABLE)
            .value(DOMAIN, bindMarker(DOMAIN))
            .value(DAY, bindMarker(DAY))
            .value(START_TRANSMISSIONS, bindMarker(START_TRANSMISSIONS))
            .value(START_STANDING, bindMarker(START_STANDING))
            .value(START_REFUTED, bindMarker(START_REFUTED))
            .value(END_TRANSMISSIONS, bindMarker(END_TRANSMISSIONS))
            .value(END_STANDING, bindMarker(END_STANDING))
            .value(END_REFUTED, bindMarker(END_REFUTED))
            .value(TAKEN_AT, bindMarker(TAKEN_AT)));
        this.select = cql.prepare(selectFrom(DAILY_FIGURES_TABLE).all()
            .whereColumn(DOMAIN).isEqualTo(bindMarker(DOMAIN))
            .whereColumn(DAY).isEqualTo(bindMarker(DAY)));
        this.selectBefore = cql.prepare(selectFrom(DAILY_FIGURES_TABLE).all()
            .whereColumn(DOMAIN).isEqualTo(bindMarker(DOMAIN))
            .whereColumn(DAY).isLessThan(bindMarker(DAY))
            .limit(1));
        this.selectRange = cql.prepare(selectFrom(DAILY_FIGURES_TABLE).all()
            .where(Relation.column(DOMAIN).isEqualTo(bindMarker(DOMAIN)),
                Relation.column(DAY).isGreaterThanOrEqualTo(bindMarker(FROM)),
                Relation.column(DAY).isLessThanOrEqualTo(bindMarker(TO)))
            .orderBy(DAY, ClusteringOrder.ASC));
        this.selectAll = cql.prepare(selectFrom(DAILY_FIGURES_TABLE).all());
    }

    @Override
    public Mono<Void> put(DailyFigures figures) {
        return cql.execute(insert.bind()
            .setString(DOMAIN, figures.domain().asString())
            .setLocalDate(DAY, figures.day())
            .setLong(START_TRANSMISSIONS, figures.atStart().transmissions())
            .setLong(START_STANDING, figures.atStart().standingReports())
            .setLong(START_REFUTED, figures.atStart().refutedReports())
            .setLong(END_TRANSMISSIONS, figures.atEnd().transmissions())
            .setLong(END_STANDING, figures.atEnd().standingReports())
            .setLong(END_REFUTED, figures.atEnd().refutedReports())
            .setInstant(TAKEN_AT, figures.takenAt()));
    }

    @Override
    public Mono<DailyFigures> get(DomainName domain, LocalDate day) {
        return cql.one(select.bind().setString(DOMAIN, domain.asString()).setLocalDate(DAY, day)).map(CassandraDailyFiguresStore::figures);
    }

    @Override
    public Mono<DailyFigures> latestBefore(DomainName domain, LocalDate day) {
        return cql.one(selectBefore.bind().setString(DOMAIN, domain.asString()).setLocalDate(DAY, day)).map(CassandraDailyFiguresStore::figures);
    }

    @Override
    public Flux<DailyFigures> list(DomainName domain, LocalDate from, LocalDate to) {
        if (from.isAfter(to)) {
            return Flux.empty();
        }
        return cql.rows(selectRange.bind().setString(DOMAIN, domain.asString()).setLocalDate(FROM, from).setLocalDate(TO, to))
            .map(CassandraDailyFiguresStore::figures);
    }

    @Override
    public Flux<DailyFigures> all() {
        return cql.rows(selectAll.bind()).map(CassandraDailyFiguresStore::figures);
    }

    private static DailyFigures figures(Row row) {
        return new DailyFigures(DomainName.of(row.getString(DOMAIN)), row.getLocalDate(DAY),
            new TrustCounters(row.getLong(START_TRANSMISSIONS), row.getLong(START_STANDING), row.getLong(START_REFUTED)),
            new TrustCounters(row.getLong(END_TRANSMISSIONS), row.getLong(END_STANDING), row.getLong(END_REFUTED)),
            row.getInstant(TAKEN_AT));
    }
}
