package org.ciers.authority.cassandra.table;

import static org.ciers.authority.cassandra.table.CassandraTable.table;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.type.DataTypes;

/**
 * Exactly-once counting of receipts without a lightweight transaction (see
 * {@code CassandraReceiptStore}): the receipt per message ID (earliest arrival wins), the IDs that
 * arrived in each time bucket, each sender domain's count with the last bucket it includes, and the
 * last bucket counted. Receipts and arrivals carry the transmission retention as TTL.
 */
public interface ReceiptTables {
    String RECEIPTS_TABLE_NAME = "receipts";
    String ARRIVALS_TABLE_NAME = "receipt_arrivals";
    String COUNTS_TABLE_NAME = "receipt_counts";
    String PROGRESS_TABLE_NAME = "receipt_count_progress";
    /** The progress table's one row. */
    String PROGRESS_ROW = "progress";

    CqlIdentifier MESSAGE_ID = CqlIdentifier.fromCql("message_id");
    CqlIdentifier SENDER_DOMAIN = CqlIdentifier.fromCql("sender_domain");
    CqlIdentifier RECIPIENT_DOMAIN = CqlIdentifier.fromCql("recipient_domain");
    CqlIdentifier VALIDATED_AT = CqlIdentifier.fromCql("validated_at");
    CqlIdentifier ARRIVED_AT = CqlIdentifier.fromCql("arrived_at");
    CqlIdentifier BUCKET = CqlIdentifier.fromCql("bucket");
    CqlIdentifier COUNTED = CqlIdentifier.fromCql("counted");
    CqlIdentifier THROUGH_BUCKET = CqlIdentifier.fromCql("through_bucket");
    CqlIdentifier ROW = CqlIdentifier.fromCql("row");

    CassandraTable RECEIPTS = table(RECEIPTS_TABLE_NAME, create -> create
        .withPartitionKey(MESSAGE_ID, DataTypes.TEXT)
        .withColumn(SENDER_DOMAIN, DataTypes.TEXT)
        .withColumn(RECIPIENT_DOMAIN, DataTypes.TEXT)
        .withColumn(VALIDATED_AT, DataTypes.TIMESTAMP)
        .withColumn(ARRIVED_AT, DataTypes.TIMESTAMP)
        .withColumn(BUCKET, DataTypes.BIGINT));
    CassandraTable ARRIVALS = table(ARRIVALS_TABLE_NAME, create -> create
        .withPartitionKey(BUCKET, DataTypes.BIGINT)
        .withClusteringColumn(MESSAGE_ID, DataTypes.TEXT)
        .withColumn(SENDER_DOMAIN, DataTypes.TEXT));
    CassandraTable COUNTS = table(COUNTS_TABLE_NAME, create -> create
        .withPartitionKey(SENDER_DOMAIN, DataTypes.TEXT)
        .withColumn(COUNTED, DataTypes.BIGINT)
        .withColumn(THROUGH_BUCKET, DataTypes.BIGINT));
    CassandraTable PROGRESS = table(PROGRESS_TABLE_NAME, create -> create
        .withPartitionKey(ROW, DataTypes.TEXT)
        .withColumn(THROUGH_BUCKET, DataTypes.BIGINT));
}
