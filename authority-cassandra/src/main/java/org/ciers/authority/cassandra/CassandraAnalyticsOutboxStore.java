package org.ciers.authority.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.deleteFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static org.ciers.authority.cassandra.table.AnalyticsTables.ENTRY;
import static org.ciers.authority.cassandra.table.AnalyticsTables.ID;
import static org.ciers.authority.cassandra.table.AnalyticsTables.INDEX;
import static org.ciers.authority.cassandra.table.AnalyticsTables.INDEXED_UP_TO;
import static org.ciers.authority.cassandra.table.AnalyticsTables.JSON;
import static org.ciers.authority.cassandra.table.AnalyticsTables.OUTBOX;
import static org.ciers.authority.cassandra.table.AnalyticsTables.OUTBOX_TABLE;
import static org.ciers.authority.cassandra.table.AnalyticsTables.PROGRESS_TABLE;
import static org.ciers.authority.cassandra.table.AnalyticsTables.QUEUE;
import static org.ciers.authority.cassandra.table.AnalyticsTables.VERSION;

import java.time.Clock;
import java.util.List;

import org.ciers.authority.model.AnalyticsRecord;
import org.ciers.authority.model.QueuedAnalyticsRecord;
import org.ciers.authority.store.AnalyticsOutboxStore;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The analytics outbox in one partition, entries under time-based UUIDs; indexed entries are
 * deleted, and reads start where {@link OutboxProgress} says. Idempotent writes, no lightweight
 * transaction, no batch.
 */
public final class CassandraAnalyticsOutboxStore implements AnalyticsOutboxStore {
    private static final String SIZE = "size";

    private final CqlExecutor cql;
    private final OutboxProgress progress;
    private final PreparedStatement insert;
    private final PreparedStatement select;
    private final PreparedStatement selectFrom;
    private final PreparedStatement count;
    private final PreparedStatement countFrom;
    private final PreparedStatement delete;

    CassandraAnalyticsOutboxStore(CqlExecutor cql, Clock clock) {
        this.cql = cql;
        this.progress = new OutboxProgress(cql, clock, PROGRESS_TABLE, QUEUE, INDEXED_UP_TO);
        this.insert = cql.prepare(insertInto(OUTBOX_TABLE)
            .value(QUEUE, bindMarker(QUEUE))
            .value(ENTRY, bindMarker(ENTRY))
            .value(INDEX, bindMarker(INDEX))
            .value(ID, bindMarker(ID))
            .value(VERSION, bindMarker(VERSION))
            .value(JSON, bindMarker(JSON)));
        this.select = cql.prepare(selectFrom(OUTBOX_TABLE).all()
            .whereColumn(QUEUE).isEqualTo(bindMarker(QUEUE))
            .limit(bindMarker(SIZE)));
        this.selectFrom = cql.prepare(selectFrom(OUTBOX_TABLE).all()
            .whereColumn(QUEUE).isEqualTo(bindMarker(QUEUE))
            .whereColumn(ENTRY).isGreaterThan(bindMarker(ENTRY))
            .limit(bindMarker(SIZE)));
        this.count = cql.prepare(selectFrom(OUTBOX_TABLE).countAll()
            .whereColumn(QUEUE).isEqualTo(bindMarker(QUEUE)));
        this.countFrom = cql.prepare(selectFrom(OUTBOX_TABLE).countAll()
            .whereColumn(QUEUE).isEqualTo(bindMarker(QUEUE))
            .whereColumn(ENTRY).isGreaterThan(bindMarker(ENTRY)));
        this.delete = cql.prepare(deleteFrom(OUTBOX_TABLE)
            .whereColumn(QUEUE).isEqualTo(bindMarker(QUEUE))
            .whereColumn(ENTRY).isEqualTo(bindMarker(ENTRY)));
    }

    @Override
    public Mono<Void> add(List<AnalyticsRecord> records) {
        // the entries are taken here, in the records' order, whatever order the writes land in
        List<QueuedAnalyticsRecord> entries = records.stream().map(record -> new QueuedAnalyticsRecord(Uuids.timeBased(), record)).toList();
        return Flux.fromIterable(entries)
            .flatMap(entry -> cql.execute(insert.bind()
                .setString(QUEUE, OUTBOX)
                .setUuid(ENTRY, entry.entry())
                .setString(INDEX, entry.record().index().wireName())
                .setString(ID, entry.record().id())
                .setLong(VERSION, entry.record().version())
                .setString(JSON, entry.record().json())), CqlExecutor.IN_FLIGHT_PER_REQUEST)
            .then();
    }

    @Override
    public Flux<QueuedAnalyticsRecord> pending(int limit) {
        return progress.readFrom(OUTBOX).flatMapMany(from -> cql.rows(from.isEmpty()
                ? select.bind().setString(QUEUE, OUTBOX).setInt(SIZE, limit)
                : selectFrom.bind().setString(QUEUE, OUTBOX).setUuid(ENTRY, from.get()).setInt(SIZE, limit)))
            .map(row -> new QueuedAnalyticsRecord(row.getUuid(ENTRY), new AnalyticsRecord(AnalyticsRecord.Index.fromWire(row.getString(INDEX)),
                row.getString(ID), row.getLong(VERSION), row.getString(JSON))));
    }

    @Override
    public Mono<Void> remove(List<QueuedAnalyticsRecord> indexed) {
        return Flux.fromIterable(indexed)
            .flatMap(queued -> cql.execute(delete.bind().setString(QUEUE, OUTBOX).setUuid(ENTRY, queued.entry())),
                CqlExecutor.IN_FLIGHT_PER_REQUEST)
            .then(Mono.defer(() -> progress.advance(OUTBOX, indexed.stream().map(QueuedAnalyticsRecord::entry).toList())));
    }

    @Override
    public Mono<Long> countPending() {
        return progress.readFrom(OUTBOX).flatMap(from -> cql.one(from.isEmpty()
                ? count.bind().setString(QUEUE, OUTBOX)
                : countFrom.bind().setString(QUEUE, OUTBOX).setUuid(ENTRY, from.get())))
            .map(row -> row.getLong(0))
            .defaultIfEmpty(0L);
    }
}
