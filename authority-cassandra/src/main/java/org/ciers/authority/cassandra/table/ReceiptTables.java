package org.ciers.authority.cassandra.table;

import static org.ciers.authority.cassandra.table.CassandraTable.table;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import org.ciers.protocol.model.MessageId;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.type.DataTypes;

/**
 * Exactly-once counting of receipts without a lightweight transaction (see
 * {@code CassandraReceiptStore}): the receipt per message ID (earliest arrival wins), the IDs that
 * arrived in each time bucket, each sender domain's count with the last bucket it includes, and the
 * last bucket counted. Receipts and arrivals carry the transmission retention as TTL.
 * <p>
 * A receipt is keyed by {@link #messageKey}, 16 bytes, not by its message ID (164 characters for a
 * signed one): the key is written twice per message, and it is most of a receipt's bytes on disk.
 */
public interface ReceiptTables {
    /** Named apart from the earlier text-keyed tables, which a keyspace may still hold. */
    String RECEIPTS_TABLE_NAME = "receipts_by_key";
    String ARRIVALS_TABLE_NAME = "receipt_key_arrivals";
    String COUNTS_TABLE_NAME = "receipt_counts";
    String PROGRESS_TABLE_NAME = "receipt_count_progress";
    /** The progress table's one row. */
    String PROGRESS_ROW = "progress";

    CqlIdentifier MESSAGE_KEY = CqlIdentifier.fromCql("message_key");
    /** The bytes of {@link #messageKey}: 128 bits, so two distinct IDs share a key only by a 2^-64 chance at 2^32 receipts kept. */
    int MESSAGE_KEY_BYTES = 16;
    CqlIdentifier SENDER_DOMAIN = CqlIdentifier.fromCql("sender_domain");
    CqlIdentifier RECIPIENT_DOMAIN = CqlIdentifier.fromCql("recipient_domain");
    CqlIdentifier VALIDATED_AT = CqlIdentifier.fromCql("validated_at");
    CqlIdentifier ARRIVED_AT = CqlIdentifier.fromCql("arrived_at");
    CqlIdentifier BUCKET = CqlIdentifier.fromCql("bucket");
    CqlIdentifier COUNTED = CqlIdentifier.fromCql("counted");
    CqlIdentifier THROUGH_BUCKET = CqlIdentifier.fromCql("through_bucket");
    CqlIdentifier ROW = CqlIdentifier.fromCql("row");

    CassandraTable RECEIPTS = table(RECEIPTS_TABLE_NAME, create -> create
        .withPartitionKey(MESSAGE_KEY, DataTypes.BLOB)
        .withColumn(SENDER_DOMAIN, DataTypes.TEXT)
        .withColumn(RECIPIENT_DOMAIN, DataTypes.TEXT)
        .withColumn(VALIDATED_AT, DataTypes.TIMESTAMP)
        .withColumn(ARRIVED_AT, DataTypes.TIMESTAMP)
        .withColumn(BUCKET, DataTypes.BIGINT));
    CassandraTable ARRIVALS = table(ARRIVALS_TABLE_NAME, create -> create
        .withPartitionKey(BUCKET, DataTypes.BIGINT)
        .withClusteringColumn(MESSAGE_KEY, DataTypes.BLOB)
        .withColumn(SENDER_DOMAIN, DataTypes.TEXT));
    CassandraTable COUNTS = table(COUNTS_TABLE_NAME, create -> create
        .withPartitionKey(SENDER_DOMAIN, DataTypes.TEXT)
        .withColumn(COUNTED, DataTypes.BIGINT)
        .withColumn(THROUGH_BUCKET, DataTypes.BIGINT));
    CassandraTable PROGRESS = table(PROGRESS_TABLE_NAME, create -> create
        .withPartitionKey(ROW, DataTypes.TEXT)
        .withColumn(THROUGH_BUCKET, DataTypes.BIGINT));

    /**
     * A message ID's key in these tables: the first {@link #MESSAGE_KEY_BYTES} bytes of its SHA-256.
     * Any ID has one (a peer's too); only IDs whose signature the authority checked are recorded.
     */
    static ByteBuffer messageKey(MessageId messageId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(messageId.asString().getBytes(StandardCharsets.US_ASCII));
            return ByteBuffer.wrap(Arrays.copyOf(digest, MESSAGE_KEY_BYTES));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
