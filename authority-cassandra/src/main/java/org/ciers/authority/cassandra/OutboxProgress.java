package org.ciers.authority.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.update;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;

import reactor.core.publisher.Mono;

/**
 * Where reads of an outbox partition start. Done entries are deleted, and a deleted row is a
 * tombstone a read must pass over until compaction drops it (10 days): reading from the partition's
 * start would soon pass over more than Cassandra allows. Reads therefore start at the newest entry
 * done (kept per partition in a progress table), less {@link #SETTLE}: an entry whose write lands
 * late (another node's add in flight, a clock behind) is still found, and a read passes over one
 * settling period's deletions at most. The peers' outboxes and the analytics outbox keep theirs so.
 */
final class OutboxProgress {
    /** How late an entry's write may land after its time-based UUID was taken, and still be read. */
    static final Duration SETTLE = Duration.ofMinutes(1);

    private final CqlExecutor cql;
    private final Clock clock;
    private final CqlIdentifier partitionColumn;
    private final CqlIdentifier upToColumn;
    private final PreparedStatement select;
    private final PreparedStatement advance;
    /** Per partition, the newest entry done, as this node knows it (read from the store at the first use). */
    private final Map<String, Optional<UUID>> known = new ConcurrentHashMap<>();

    OutboxProgress(CqlExecutor cql, Clock clock, String table, CqlIdentifier partitionColumn, CqlIdentifier upToColumn) {
        this.cql = cql;
        this.clock = clock;
        this.partitionColumn = partitionColumn;
        this.upToColumn = upToColumn;
        this.select = cql.prepare(selectFrom(table).column(upToColumn).whereColumn(partitionColumn).isEqualTo(bindMarker(partitionColumn)));
        this.advance = cql.prepare(update(table).setColumn(upToColumn, bindMarker(upToColumn))
            .whereColumn(partitionColumn).isEqualTo(bindMarker(partitionColumn)));
    }

    /** Where reads of the partition start: nothing before it waits. Empty: from the partition's start. */
    Mono<Optional<UUID>> readFrom(String partition) {
        Optional<UUID> cached = known.get(partition);
        Mono<Optional<UUID>> upTo = cached != null ? Mono.just(cached)
            : cql.one(select.bind().setString(partitionColumn, partition))
                .map(row -> Optional.ofNullable(row.getUuid(upToColumn)))
                .defaultIfEmpty(Optional.empty())
                .doOnNext(read -> known.putIfAbsent(partition, read));
        return upTo.map(done -> done.map(entry -> {
            long settled = clock.millis() - SETTLE.toMillis();
            return Uuids.unixTimestamp(entry) < settled ? entry : Uuids.startOf(settled);
        }));
    }

    /** The newest entry done moves on to the newest of these (never back: another node may be ahead). */
    Mono<Void> advance(String partition, List<UUID> entries) {
        Optional<UUID> newest = entries.stream().max(Comparator.comparingLong(Uuids::unixTimestamp));
        if (newest.isEmpty()) {
            return Mono.empty();
        }
        Optional<UUID> current = known.getOrDefault(partition, Optional.empty());
        if (current.isPresent() && Uuids.unixTimestamp(current.get()) >= Uuids.unixTimestamp(newest.get())) {
            return Mono.empty();
        }
        known.put(partition, newest);
        return cql.execute(advance.bind().setString(partitionColumn, partition).setUuid(upToColumn, newest.get()));
    }
}
