package org.ciers.authority.cassandra;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import org.ciers.authority.model.AuditEntry;
import org.ciers.authority.store.AuditLogStore;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The audit log in one partition per month, newest first; the latest entries come from the last months read backwards. */
public final class CassandraAuditLogStore implements AuditLogStore {
    static final String TABLE = "audit_log";
    static final String MONTH = "month";
    static final String AT = "at";
    static final String ID = "id";
    static final String ACTOR = "actor";
    static final String ACTION = "action";
    static final String SUBJECT = "subject";
    /** How far back {@link #latest} looks. */
    static final int MONTHS_KEPT_IN_VIEW = 24;
    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS " + TABLE + " (" + MONTH + " text, " + AT + " timestamp, " + ID + " timeuuid, "
        + ACTOR + " text, " + ACTION + " text, " + SUBJECT + " text, PRIMARY KEY (" + MONTH + ", " + AT + ", " + ID
        + ")) WITH CLUSTERING ORDER BY (" + AT + " DESC, " + ID + " DESC)";

    private final CqlExecutor cql;
    private final PreparedStatement insert;
    private final PreparedStatement select;

    CassandraAuditLogStore(CqlExecutor cql) {
        this.cql = cql;
        this.insert = cql.session().prepare("INSERT INTO " + TABLE + " (" + MONTH + ", " + AT + ", " + ID + ", " + ACTOR + ", " + ACTION
            + ", " + SUBJECT + ") VALUES (?, ?, ?, ?, ?, ?)");
        this.select = cql.session().prepare("SELECT * FROM " + TABLE + " WHERE " + MONTH + " = ? LIMIT ?");
    }

    @Override
    public Mono<Void> append(AuditEntry entry) {
        return cql.execute(insert.bind(month(entry.at()).toString(), entry.at(), Uuids.timeBased(), entry.actor(), entry.action(),
            entry.subject()));
    }

    @Override
    public Flux<AuditEntry> latest(int limit) {
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        // entries may carry a time ahead of this clock (another node's); look one month ahead too
        return Flux.fromStream(Stream.iterate(now.plusMonths(1), month -> month.minusMonths(1)).limit(MONTHS_KEPT_IN_VIEW + 1))
            .concatMap(month -> cql.rows(select.bind(month.toString(), limit)))
            .map(row -> new AuditEntry(row.get(AT, Instant.class), row.getString(ACTOR), row.getString(ACTION), row.getString(SUBJECT)))
            .take(limit);
    }

    private static YearMonth month(Instant at) {
        return YearMonth.from(at.atZone(ZoneOffset.UTC));
    }
}
