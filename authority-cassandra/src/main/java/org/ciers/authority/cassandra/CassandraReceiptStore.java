package org.ciers.authority.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.literal;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static org.ciers.authority.cassandra.table.ReceiptTables.ARRIVALS_TABLE_NAME;
import static org.ciers.authority.cassandra.table.ReceiptTables.ARRIVED_AT;
import static org.ciers.authority.cassandra.table.ReceiptTables.BUCKET;
import static org.ciers.authority.cassandra.table.ReceiptTables.COUNTED;
import static org.ciers.authority.cassandra.table.ReceiptTables.COUNTS_TABLE_NAME;
import static org.ciers.authority.cassandra.table.ReceiptTables.MESSAGE_KEY;
import static org.ciers.authority.cassandra.table.ReceiptTables.PROGRESS_ROW;
import static org.ciers.authority.cassandra.table.ReceiptTables.PROGRESS_TABLE_NAME;
import static org.ciers.authority.cassandra.table.ReceiptTables.RECEIPTS_TABLE_NAME;
import static org.ciers.authority.cassandra.table.ReceiptTables.RECIPIENT_DOMAIN;
import static org.ciers.authority.cassandra.table.ReceiptTables.ROW;
import static org.ciers.authority.cassandra.table.ReceiptTables.SENDER_DOMAIN;
import static org.ciers.authority.cassandra.table.ReceiptTables.THROUGH_BUCKET;
import static org.ciers.authority.cassandra.table.ReceiptTables.VALIDATED_AT;
import static org.ciers.authority.cassandra.table.ReceiptTables.messageKey;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.ciers.authority.model.ValidationReceipt;
import org.ciers.authority.store.ReceiptStore;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Exactly-once counting of receipts with idempotent writes only: no lightweight transaction, no
 * counter column (a counter increment is not idempotent, so a retried or half-done batch would count
 * twice or not at all).
 *
 * <ol>
 * <li>{@link #record}: the ID's arrival goes into the partition of its time bucket
 *     ({@code receipt_key_arrivals}), then the receipt into {@code receipts_by_key}, written with a timestamp
 *     that falls as the arrival time rises: whatever the order the writes reach the replicas in,
 *     the earliest arrival wins, so every replica agrees on the one bucket the ID counts in.</li>
 * <li>A bucket is counted once it is closed ({@link Counting#lag} after its end, longer than any
 *     write may take): each ID that arrived in it counts if its receipt names this bucket. The
 *     sender domains' counts are then rewritten as "count through bucket b", with b as the write
 *     timestamp: two nodes counting the same bucket write the same values, and a node that lags
 *     behind can never overwrite a later bucket's count.</li>
 * </ol>
 * Counting runs in the background when counts are read (every auth_to_send reads them), at most
 * once per bucket length and one catch-up at a time per node. A receipt shows in the count
 * between {@link Counting#lag} and {@code lag + bucket} after it arrived.
 */
public final class CassandraReceiptStore implements ReceiptStore {
    private static final Logger LOGGER = LoggerFactory.getLogger(CassandraReceiptStore.class);
    private static final CqlIdentifier TIMESTAMP = CqlIdentifier.fromCql("write_time");
    private static final CqlIdentifier MESSAGE_KEYS = CqlIdentifier.fromCql("message_keys");
    /** Receipt write timestamps count down from here: an earlier arrival has a greater timestamp. */
    private static final long INVERTED_BASE = 1L << 62;
    /** Receipts read per request when a bucket is counted: one request per receipt cost Cassandra as much as the receipt's write. */
    private static final int COUNT_READ = 100;

    /** The bucket length and the wait before a bucket is counted. */
    public record Counting(Duration bucket, Duration lag) {
        public static final Counting DEFAULT = new Counting(Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    private final CqlExecutor cql;
    private final Duration retention;
    private final Counting counting;
    private final Clock clock;
    private final AtomicBoolean countingNow = new AtomicBoolean();
    /** When the last catch-up started: counting runs at most once per bucket, however often counts are read. */
    private volatile Instant lastCatchUp = Instant.MIN;
    private final PreparedStatement insertArrival;
    private final PreparedStatement insertReceipt;
    private final PreparedStatement selectReceipt;
    private final PreparedStatement selectKnown;
    private final PreparedStatement selectBuckets;
    private final PreparedStatement selectArrivals;
    private final PreparedStatement selectCount;
    private final PreparedStatement writeCount;
    private final PreparedStatement selectProgress;
    private final PreparedStatement writeProgress;
    private final PreparedStatement startProgress;

    CassandraReceiptStore(CqlExecutor cql, Duration retention, Counting counting, Clock clock) {
        this.cql = cql;
        this.retention = retention;
        this.counting = counting;
        this.clock = clock;
        this.insertArrival = cql.prepare(insertInto(ARRIVALS_TABLE_NAME)
            .value(BUCKET, bindMarker(BUCKET))
            .value(MESSAGE_KEY, bindMarker(MESSAGE_KEY))
            .value(SENDER_DOMAIN, bindMarker(SENDER_DOMAIN))
            .usingTtl(bindMarker(Ttl.MARKER)));
        this.insertReceipt = cql.prepare(insertInto(RECEIPTS_TABLE_NAME)
            .value(MESSAGE_KEY, bindMarker(MESSAGE_KEY))
            .value(SENDER_DOMAIN, bindMarker(SENDER_DOMAIN))
            .value(RECIPIENT_DOMAIN, bindMarker(RECIPIENT_DOMAIN))
            .value(VALIDATED_AT, bindMarker(VALIDATED_AT))
            .value(ARRIVED_AT, bindMarker(ARRIVED_AT))
            .value(BUCKET, bindMarker(BUCKET))
            .usingTimestamp(bindMarker(TIMESTAMP))
            .usingTtl(bindMarker(Ttl.MARKER)));
        this.selectReceipt = cql.prepare(selectFrom(RECEIPTS_TABLE_NAME).all().whereColumn(MESSAGE_KEY).isEqualTo(bindMarker(MESSAGE_KEY)));
        this.selectKnown = cql.prepare(selectFrom(RECEIPTS_TABLE_NAME).column(MESSAGE_KEY).whereColumn(MESSAGE_KEY).in(bindMarker(MESSAGE_KEYS)));
        this.selectBuckets = cql.prepare(selectFrom(RECEIPTS_TABLE_NAME).columns(MESSAGE_KEY, BUCKET)
            .whereColumn(MESSAGE_KEY).in(bindMarker(MESSAGE_KEYS)));
        this.selectArrivals = cql.prepare(selectFrom(ARRIVALS_TABLE_NAME).columns(MESSAGE_KEY, SENDER_DOMAIN)
            .whereColumn(BUCKET).isEqualTo(bindMarker(BUCKET)));
        this.selectCount = cql.prepare(selectFrom(COUNTS_TABLE_NAME).all().whereColumn(SENDER_DOMAIN).isEqualTo(bindMarker(SENDER_DOMAIN)));
        this.writeCount = cql.prepare(insertInto(COUNTS_TABLE_NAME)
            .value(SENDER_DOMAIN, bindMarker(SENDER_DOMAIN))
            .value(COUNTED, bindMarker(COUNTED))
            .value(THROUGH_BUCKET, bindMarker(THROUGH_BUCKET))
            .usingTimestamp(bindMarker(TIMESTAMP)));
        this.selectProgress = cql.prepare(selectFrom(PROGRESS_TABLE_NAME).all().whereColumn(ROW).isEqualTo(literal(PROGRESS_ROW)));
        this.writeProgress = cql.prepare(insertInto(PROGRESS_TABLE_NAME)
            .value(ROW, literal(PROGRESS_ROW))
            .value(THROUGH_BUCKET, bindMarker(THROUGH_BUCKET))
            .usingTimestamp(bindMarker(TIMESTAMP)));
        // once, at the first start of the first node: counting starts with the buckets to come
        this.startProgress = cql.prepare(insertInto(PROGRESS_TABLE_NAME)
            .value(ROW, literal(PROGRESS_ROW))
            .value(THROUGH_BUCKET, bindMarker(THROUGH_BUCKET))
            .ifNotExists());
        cql.applied(startProgress.bind().setLong(THROUGH_BUCKET, bucketOf(clock.instant()) - 1)).block();
    }

    @Override
    public Mono<Boolean> record(ValidationReceipt receipt) {
        return recordAll(List.of(receipt)).map(firsts -> firsts.get(0));
    }

    /**
     * One read for the batch's known IDs (a known ID is a duplicate), then the arrivals of the new
     * ones in one mutation (they share their bucket's partition) and their receipts. Two first
     * receipts racing on two nodes are both written, and the earliest-arrival rule still makes the
     * ID count once.
     */
    @Override
    public Mono<List<Boolean>> recordAll(List<ValidationReceipt> receipts) {
        if (receipts.isEmpty()) {
            return Mono.just(List.of());
        }
        List<ByteBuffer> keys = receipts.stream().map(receipt -> messageKey(receipt.messageId())).distinct().toList();
        return cql.rows(selectKnown.bind().setList(MESSAGE_KEYS, keys, ByteBuffer.class))
            .map(row -> row.getByteBuffer(MESSAGE_KEY))
            .collect(Collectors.toCollection(HashSet::new))
            .flatMap(seen -> {
                List<Boolean> firsts = new ArrayList<>(receipts.size());
                List<ValidationReceipt> toWrite = new ArrayList<>();
                for (ValidationReceipt receipt : receipts) {
                    boolean first = seen.add(messageKey(receipt.messageId()));
                    firsts.add(first);
                    if (first) {
                        toWrite.add(receipt);
                    }
                }
                return write(toWrite).thenReturn(firsts);
            });
    }

    private Mono<Void> write(List<ValidationReceipt> receipts) {
        if (receipts.isEmpty()) {
            return Mono.empty();
        }
        Instant now = clock.instant();
        long bucket = bucketOf(now);
        int ttl = Ttl.of(retention);
        long timestamp = INVERTED_BASE - ChronoUnit.MICROS.between(Instant.EPOCH, now);
        BatchStatement arrivals = BatchStatement.newInstance(DefaultBatchType.UNLOGGED, receipts.stream()
            .<BatchableStatement<?>>map(receipt -> insertArrival.bind()
                .setLong(BUCKET, bucket)
                .setByteBuffer(MESSAGE_KEY, messageKey(receipt.messageId()))
                .setString(SENDER_DOMAIN, receipt.senderDomain().asString())
                .setInt(Ttl.MARKER, ttl))
            .toList());
        return cql.execute(arrivals)
            .thenMany(Flux.fromIterable(receipts).flatMap(receipt -> cql.execute(insertReceipt.bind()
                .setByteBuffer(MESSAGE_KEY, messageKey(receipt.messageId()))
                .setString(SENDER_DOMAIN, receipt.senderDomain().asString())
                .setString(RECIPIENT_DOMAIN, receipt.recipientDomain().asString())
                .setInstant(VALIDATED_AT, receipt.validatedAt())
                .setInstant(ARRIVED_AT, receipt.arrivedAt())
                .setLong(BUCKET, bucket)
                .setLong(TIMESTAMP, timestamp)
                .setInt(Ttl.MARKER, ttl)), CqlExecutor.IN_FLIGHT_PER_REQUEST))
            .then();
    }

    @Override
    public Mono<ValidationReceipt> get(MessageId messageId) {
        return cql.one(selectReceipt.bind().setByteBuffer(MESSAGE_KEY, messageKey(messageId)))
            .map(row -> new ValidationReceipt(messageId, DomainName.of(row.getString(SENDER_DOMAIN)),
                DomainName.of(row.getString(RECIPIENT_DOMAIN)), row.getInstant(VALIDATED_AT), row.getInstant(ARRIVED_AT)));
    }

    @Override
    public Mono<Long> counted(DomainName senderDomain) {
        countClosedBuckets();
        return cql.one(selectCount.bind().setString(SENDER_DOMAIN, senderDomain.asString()))
            .map(row -> row.getLong(COUNTED))
            .defaultIfEmpty(0L);
    }

    /** Whether a catch-up runs now (tests wait for it to end before they empty the tables). */
    boolean isCounting() {
        return countingNow.get();
    }

    /** Starts a catch-up over the closed buckets not counted yet, unless one runs. */
    private void countClosedBuckets() {
        Instant now = clock.instant();
        if (now.isBefore(lastCatchUp.plus(counting.bucket())) || !countingNow.compareAndSet(false, true)) {
            return;
        }
        lastCatchUp = now;
        Mono.fromRunnable(this::catchUp)
            .subscribeOn(Schedulers.boundedElastic())
            .doFinally(any -> countingNow.set(false))
            .subscribe(null, failure -> LOGGER.warn("CIERS: counting receipts failed, retried on the next read: {}", failure.toString()));
    }

    private void catchUp() {
        long lastClosed = bucketOf(clock.instant().minus(counting.lag())) - 1;
        Row progress = cql.one(selectProgress.bind()).block();
        long through = progress == null ? lastClosed : progress.getLong(THROUGH_BUCKET);
        for (long bucket = through + 1; bucket <= lastClosed; bucket++) {
            count(bucket);
            cql.execute(writeProgress.bind().setLong(THROUGH_BUCKET, bucket).setLong(TIMESTAMP, bucket)).block();
        }
    }

    /** The bucket's arrivals whose receipts name it, a {@link #COUNT_READ} of them per read. */
    private void count(long bucket) {
        Map<String, Long> perSender = new HashMap<>();
        cql.rows(selectArrivals.bind().setLong(BUCKET, bucket))
            .buffer(COUNT_READ)
            .flatMap(arrivals -> {
                Map<ByteBuffer, String> senders = new HashMap<>();
                arrivals.forEach(arrival -> senders.put(arrival.getByteBuffer(MESSAGE_KEY), arrival.getString(SENDER_DOMAIN)));
                return cql.rows(selectBuckets.bind().setList(MESSAGE_KEYS, List.copyOf(senders.keySet()), ByteBuffer.class))
                    .filter(receipt -> receipt.getLong(BUCKET) == bucket)
                    .map(receipt -> senders.get(receipt.getByteBuffer(MESSAGE_KEY)));
            }, 4)
            .doOnNext(sender -> perSender.merge(sender, 1L, Long::sum))
            .blockLast();
        perSender.forEach((sender, added) -> {
            Row current = cql.one(selectCount.bind().setString(SENDER_DOMAIN, sender)).block();
            if (current != null && current.getLong(THROUGH_BUCKET) >= bucket) {
                return;
            }
            long before = current == null ? 0 : current.getLong(COUNTED);
            cql.execute(writeCount.bind()
                .setString(SENDER_DOMAIN, sender)
                .setLong(COUNTED, before + added)
                .setLong(THROUGH_BUCKET, bucket)
                .setLong(TIMESTAMP, bucket)).block();
        });
    }

    private long bucketOf(Instant instant) {
        return Math.floorDiv(instant.toEpochMilli(), counting.bucket().toMillis());
    }
}
