package org.ciers.authority.cassandra.table;

import static org.ciers.authority.cassandra.table.CassandraTable.table;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.metadata.schema.ClusteringOrder;
import com.datastax.oss.driver.api.core.type.DataTypes;

/**
 * The online validations by message ID (the row's existence is the single match), and a sender's
 * validated transmissions newest first; every write has the retention as TTL. Issued IDs are not
 * logged, and offline validations are in {@link ReceiptTables}.
 */
public interface TransmissionTables {
    /** Named apart from the earlier log of every issued ID ({@code transmissions}), which a keyspace may still hold. */
    String TABLE_NAME = "online_validations";
    String BY_SENDER_TABLE_NAME = "online_validations_by_sender";

    CqlIdentifier MESSAGE_ID = CqlIdentifier.fromCql("message_id");
    CqlIdentifier SENDER_SERVER_ID = CqlIdentifier.fromCql("sender_server_id");
    CqlIdentifier SENDER_DOMAIN = CqlIdentifier.fromCql("sender_domain");
    CqlIdentifier RECIPIENT_DOMAIN = CqlIdentifier.fromCql("recipient_domain");
    CqlIdentifier ISSUED_AT = CqlIdentifier.fromCql("issued_at");
    CqlIdentifier EXPIRES_AT = CqlIdentifier.fromCql("expires_at");
    CqlIdentifier VALIDATED_AT = CqlIdentifier.fromCql("validated_at");
    CqlIdentifier REPORT_TOKEN_HASH = CqlIdentifier.fromCql("report_token_sha256");

    CassandraTable TRANSMISSIONS = table(TABLE_NAME, create -> create
        .withPartitionKey(MESSAGE_ID, DataTypes.TEXT)
        .withColumn(SENDER_SERVER_ID, DataTypes.TEXT)
        .withColumn(SENDER_DOMAIN, DataTypes.TEXT)
        .withColumn(RECIPIENT_DOMAIN, DataTypes.TEXT)
        .withColumn(ISSUED_AT, DataTypes.TIMESTAMP)
        .withColumn(EXPIRES_AT, DataTypes.TIMESTAMP)
        .withColumn(VALIDATED_AT, DataTypes.TIMESTAMP)
        .withColumn(REPORT_TOKEN_HASH, DataTypes.TEXT));
    CassandraTable BY_SENDER = table(BY_SENDER_TABLE_NAME, create -> create
        .withPartitionKey(SENDER_DOMAIN, DataTypes.TEXT)
        .withClusteringColumn(ISSUED_AT, DataTypes.TIMESTAMP)
        .withClusteringColumn(MESSAGE_ID, DataTypes.TEXT)
        .withClusteringOrder(ISSUED_AT, ClusteringOrder.DESC)
        .withClusteringOrder(MESSAGE_ID, ClusteringOrder.DESC));
}
