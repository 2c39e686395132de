package org.ciers.authority.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static org.ciers.authority.cassandra.table.AuditLogTable.ACTION;
import static org.ciers.authority.cassandra.table.AuditLogTable.ACTOR;
import static org.ciers.authority.cassandra.table.AuditLogTable.AT;
import static org.ciers.authority.cassandra.table.AuditLogTable.ID;
import static org.ciers.authority.cassandra.table.AuditLogTable.MONTH;
import static org.ciers.authority.cassandra.table.AuditLogTable.SUBJECT;
import static org.ciers.authority.cassandra.table.AuditLogTable.TABLE_NAME;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import org.ciers.authority.model.AuditEntry;
import org.ciers.authority.store.AuditLogStore;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The audit log in one partition per month, newest first; the latest entries come from the last months read backwards. */
public final class CassandraAuditLogStore implements AuditLogStore {
    /** How far back {@link #latest} looks. */
    static final int MONTHS_KEPT_IN_VIEW = 24;
    private static final CqlIdentifier LIMIT = CqlIdentifier.fromCql("row_limit");

    private final CqlExecutor cql;
    private final PreparedStatement insert;
    private final PreparedStatement select;

    CassandraAuditLogStore(CqlExecutor cql) {
        this.cql = cql;
        this.insert = cql.prepare(insertInto(TABLE_NAME)
            .value(MONTH, bindMarker(MONTH))
            .value(AT, bindMarker(AT))
            .value(ID, bindMarker(ID))
            .value(ACTOR, bindMarker(ACTOR))
            .value(ACTION, bindMarker(ACTION))
            .value(SUBJECT, bindMarker(SUBJECT)));
        this.select = cql.prepare(selectFrom(TABLE_NAME).all().whereColumn(MONTH).isEqualTo(bindMarker(MONTH)).limit(bindMarker(LIMIT)));
    }

    @Override
    public Mono<Void> append(AuditEntry entry) {
        return cql.execute(insert.bind()
            .setString(MONTH, month(entry.at()).toString())
            .setInstant(AT, entry.at())
            .setUuid(ID, Uuids.timeBased())
            .setString(ACTOR, entry.actor())
            .setString(ACTION, entry.action())
            .setString(SUBJECT, entry.subject()));
    }

    @Override
    public Flux<AuditEntry> latest(int limit) {
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        // entries may carry a time ahead of this clock (another node's); look one month ahead too
        return Flux.fromStream(Stream.iterate(now.plusMonths(1), month -> month.minusMonths(1)).limit(MONTHS_KEPT_IN_VIEW + 1))
            .concatMap(month -> cql.rows(select.bind().setString(MONTH, month.toString()).setInt(LIMIT, limit)))
            .map(row -> new AuditEntry(row.getInstant(AT), row.getString(ACTOR), row.getString(ACTION), row.getString(SUBJECT)))
            .take(limit);
    }

    private static YearMonth month(Instant at) {
        return YearMonth.from(at.atZone(ZoneOffset.UTC));
    }
}
