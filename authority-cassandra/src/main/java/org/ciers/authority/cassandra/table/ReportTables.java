package org.ciers.authority.cassandra.table;

import static org.ciers.authority.cassandra.table.CassandraTable.table;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.metadata.schema.ClusteringOrder;
import com.datastax.oss.driver.api.core.type.DataTypes;

/** Spam reports by message ID (filed with IF NOT EXISTS), and a sender's reports newest first. */
public interface ReportTables {
    String TABLE_NAME = "reports";
    String BY_SENDER_TABLE_NAME = "reports_by_sender";

    CqlIdentifier MESSAGE_ID = CqlIdentifier.fromCql("message_id");
    CqlIdentifier SENDER_SERVER_ID = CqlIdentifier.fromCql("sender_server_id");
    CqlIdentifier SENDER_DOMAIN = CqlIdentifier.fromCql("sender_domain");
    CqlIdentifier RECIPIENT_DOMAIN = CqlIdentifier.fromCql("recipient_domain");
    CqlIdentifier SENT_AT = CqlIdentifier.fromCql("sent_at");
    CqlIdentifier REPORTED_AT = CqlIdentifier.fromCql("reported_at");
    CqlIdentifier STATE = CqlIdentifier.fromCql("state");
    CqlIdentifier STATE_CHANGED_AT = CqlIdentifier.fromCql("state_changed_at");

    CassandraTable REPORTS = table(TABLE_NAME, create -> create
        .withPartitionKey(MESSAGE_ID, DataTypes.TEXT)
        .withColumn(SENDER_SERVER_ID, DataTypes.TEXT)
        .withColumn(SENDER_DOMAIN, DataTypes.TEXT)
        .withColumn(RECIPIENT_DOMAIN, DataTypes.TEXT)
        .withColumn(SENT_AT, DataTypes.TIMESTAMP)
        .withColumn(REPORTED_AT, DataTypes.TIMESTAMP)
        .withColumn(STATE, DataTypes.TEXT)
        .withColumn(STATE_CHANGED_AT, DataTypes.TIMESTAMP));
    CassandraTable BY_SENDER = table(BY_SENDER_TABLE_NAME, create -> create
        .withPartitionKey(SENDER_DOMAIN, DataTypes.TEXT)
        .withClusteringColumn(REPORTED_AT, DataTypes.TIMESTAMP)
        .withClusteringColumn(MESSAGE_ID, DataTypes.TEXT)
        .withClusteringOrder(REPORTED_AT, ClusteringOrder.DESC)
        .withClusteringOrder(MESSAGE_ID, ClusteringOrder.DESC));
}
