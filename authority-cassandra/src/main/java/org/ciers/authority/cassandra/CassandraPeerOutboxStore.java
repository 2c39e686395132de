package org.ciers.authority.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.deleteFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static org.ciers.authority.cassandra.table.PeerTables.AT;
import static org.ciers.authority.cassandra.table.PeerTables.ENTRY;
import static org.ciers.authority.cassandra.table.PeerTables.FORWARDED_AT;
import static org.ciers.authority.cassandra.table.PeerTables.FORWARDED_TABLE;
import static org.ciers.authority.cassandra.table.PeerTables.FORWARDED_UP_TO;
import static org.ciers.authority.cassandra.table.PeerTables.KIND;
import static org.ciers.authority.cassandra.table.PeerTables.MESSAGE_ID;
import static org.ciers.authority.cassandra.table.PeerTables.OUTBOX_TABLE;
import static org.ciers.authority.cassandra.table.PeerTables.OUTCOME;
import static org.ciers.authority.cassandra.table.PeerTables.PEER;
import static org.ciers.authority.cassandra.table.PeerTables.PROGRESS_TABLE;
import static org.ciers.authority.cassandra.table.PeerTables.RECIPIENT_DOMAIN;
import static org.ciers.authority.cassandra.table.PeerTables.SENDER_SERVER_ID;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.ciers.authority.model.ForwardedItem;
import org.ciers.authority.model.ForwardingRecord;
import org.ciers.authority.model.QueuedItem;
import org.ciers.authority.store.PeerOutboxStore;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Each peer's outbox in a partition of its own, entries under time-based UUIDs (the order items
 * came in); a forwarded item is moved to the record, kept for the transmissions' retention. No
 * lightweight transaction and no batch (a batch of a few hundred items would pass Cassandra's batch
 * size limits): idempotent writes, several in flight. The outbox's partition grows while its peer
 * is unreachable, by about 200 bytes an item.
 *
 * <p>Forwarded entries are deleted; reads start where {@link OutboxProgress} says, not at the
 * tombstones behind it.
 */
public final class CassandraPeerOutboxStore implements PeerOutboxStore {
    private final CqlExecutor cql;
    private final Duration retention;
    private final PreparedStatement insertPending;
    private final PreparedStatement selectPending;
    private final PreparedStatement countPending;
    private final PreparedStatement deletePending;
    private final PreparedStatement insertRecord;
    private final PreparedStatement selectRecords;
    private final PreparedStatement selectPendingFrom;
    private final PreparedStatement countPendingFrom;
    private final OutboxProgress progress;

    CassandraPeerOutboxStore(CqlExecutor cql, Duration retention, Clock clock) {
        this.cql = cql;
        this.retention = retention;
        this.insertPending = cql.prepare(insertInto(OUTBOX_TABLE)
            .value(PEER, bindMarker(PEER))
            .value(ENTRY, bindMarker(ENTRY))
            .value(KIND, bindMarker(KIND))
            .value(MESSAGE_ID, bindMarker(MESSAGE_ID))
            .value(SENDER_SERVER_ID, bindMarker(SENDER_SERVER_ID))
            .value(RECIPIENT_DOMAIN, bindMarker(RECIPIENT_DOMAIN))
            .value(AT, bindMarker(AT)));
        this.selectPending = cql.prepare(selectFrom(OUTBOX_TABLE).all()
            .whereColumn(PEER).isEqualTo(bindMarker(PEER))
            .limit(bindMarker("size")));
        this.countPending = cql.prepare(selectFrom(OUTBOX_TABLE).countAll()
            .whereColumn(PEER).isEqualTo(bindMarker(PEER)));
        this.deletePending = cql.prepare(deleteFrom(OUTBOX_TABLE)
            .whereColumn(PEER).isEqualTo(bindMarker(PEER))
            .whereColumn(ENTRY).isEqualTo(bindMarker(ENTRY)));
        this.insertRecord = cql.prepare(insertInto(FORWARDED_TABLE)
            .value(MESSAGE_ID, bindMarker(MESSAGE_ID))
            .value(ENTRY, bindMarker(ENTRY))
            .value(PEER, bindMarker(PEER))
            .value(KIND, bindMarker(KIND))
            .value(SENDER_SERVER_ID, bindMarker(SENDER_SERVER_ID))
            .value(RECIPIENT_DOMAIN, bindMarker(RECIPIENT_DOMAIN))
            .value(AT, bindMarker(AT))
            .value(FORWARDED_AT, bindMarker(FORWARDED_AT))
            .value(OUTCOME, bindMarker(OUTCOME))
            .usingTtl(bindMarker(Ttl.MARKER)));
        this.selectRecords = cql.prepare(selectFrom(FORWARDED_TABLE).all()
            .whereColumn(MESSAGE_ID).isEqualTo(bindMarker(MESSAGE_ID)));
        this.selectPendingFrom = cql.prepare(selectFrom(OUTBOX_TABLE).all()
            .whereColumn(PEER).isEqualTo(bindMarker(PEER))
            .whereColumn(ENTRY).isGreaterThan(bindMarker(ENTRY))
            .limit(bindMarker("size")));
        this.countPendingFrom = cql.prepare(selectFrom(OUTBOX_TABLE).countAll()
            .whereColumn(PEER).isEqualTo(bindMarker(PEER))
            .whereColumn(ENTRY).isGreaterThan(bindMarker(ENTRY)));
        this.progress = new OutboxProgress(cql, clock, PROGRESS_TABLE, PEER, FORWARDED_UP_TO);
    }

    @Override
    public Mono<Void> add(AuthorityName peer, List<ForwardedItem> items) {
        // the entries are taken here, in the items' order, whatever order the writes land in
        List<QueuedItem> entries = items.stream().map(item -> new QueuedItem(Uuids.timeBased(), item)).toList();
        return Flux.fromIterable(entries)
            .flatMap(entry -> cql.execute(insertPending.bind()
                .setString(PEER, peer.asString())
                .setUuid(ENTRY, entry.entry())
                .setString(KIND, entry.item().kind().wireName())
                .setString(MESSAGE_ID, entry.item().messageId().asString())
                .setString(SENDER_SERVER_ID, entry.item().senderServerId().map(ServerId::asString).orElse(null))
                .setString(RECIPIENT_DOMAIN, entry.item().recipientDomain().asString())
                .setInstant(AT, entry.item().at())), CqlExecutor.IN_FLIGHT_PER_REQUEST)
            .then();
    }

    @Override
    public Flux<QueuedItem> pending(AuthorityName peer, int limit) {
        return progress.readFrom(peer.asString()).flatMapMany(from -> cql.rows(from.isEmpty()
                ? selectPending.bind().setString(PEER, peer.asString()).setInt("size", limit)
                : selectPendingFrom.bind().setString(PEER, peer.asString()).setUuid(ENTRY, from.get()).setInt("size", limit)))
            .map(row -> new QueuedItem(row.getUuid(ENTRY), item(row)));
    }

    @Override
    public Mono<Long> countPending(AuthorityName peer) {
        return progress.readFrom(peer.asString()).flatMap(from -> cql.one(from.isEmpty()
                ? countPending.bind().setString(PEER, peer.asString())
                : countPendingFrom.bind().setString(PEER, peer.asString()).setUuid(ENTRY, from.get())))
            .map(row -> row.getLong(0))
            .defaultIfEmpty(0L);
    }

    /**
     * Per item, the record first, then the delete: a crash between them leaves the item waiting, to be
     * forwarded again (the peer counts it once) and recorded again under the same key.
     */
    @Override
    public Mono<Void> forwarded(AuthorityName peer, List<QueuedItem> items, List<String> outcomes, Instant forwardedAt) {
        if (items.size() != outcomes.size()) {
            return Mono.error(new IllegalArgumentException("one outcome per item"));
        }
        int ttl = Ttl.of(retention);
        return Flux.range(0, items.size())
            .flatMap(i -> {
                QueuedItem queued = items.get(i);
                ForwardedItem item = queued.item();
                return cql.execute(insertRecord.bind()
                        .setString(MESSAGE_ID, item.messageId().asString())
                        .setUuid(ENTRY, queued.entry())
                        .setString(PEER, peer.asString())
                        .setString(KIND, item.kind().wireName())
                        .setString(SENDER_SERVER_ID, item.senderServerId().map(ServerId::asString).orElse(null))
                        .setString(RECIPIENT_DOMAIN, item.recipientDomain().asString())
                        .setInstant(AT, item.at())
                        .setInstant(FORWARDED_AT, forwardedAt)
                        .setString(OUTCOME, outcomes.get(i))
                        .setInt(Ttl.MARKER, ttl))
                    .then(cql.execute(deletePending.bind().setString(PEER, peer.asString()).setUuid(ENTRY, queued.entry())));
            }, CqlExecutor.IN_FLIGHT_PER_REQUEST)
            .then(Mono.defer(() -> progress.advance(peer.asString(), items.stream().map(QueuedItem::entry).toList())));
    }

    @Override
    public Flux<ForwardingRecord> history(MessageId messageId) {
        return cql.rows(selectRecords.bind().setString(MESSAGE_ID, messageId.asString()))
            .map(row -> new ForwardingRecord(AuthorityName.of(row.getString(PEER)), item(row), row.getInstant(FORWARDED_AT),
                row.getString(OUTCOME)));
    }

    private static ForwardedItem item(Row row) {
        return new ForwardedItem(ForwardedItem.Kind.fromWire(row.getString(KIND)), MessageId.of(row.getString(MESSAGE_ID)),
            Optional.ofNullable(row.getString(SENDER_SERVER_ID)).map(ServerId::of), DomainName.of(row.getString(RECIPIENT_DOMAIN)),
            row.getInstant(AT));
    }
}
