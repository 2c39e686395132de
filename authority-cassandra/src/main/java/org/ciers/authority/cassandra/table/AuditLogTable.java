package org.ciers.authority.cassandra.table;

import static org.ciers.authority.cassandra.table.CassandraTable.table;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.metadata.schema.ClusteringOrder;
import com.datastax.oss.driver.api.core.type.DataTypes;

/** The audit log, one partition per month (yyyy-MM, UTC), newest first; a time-based ID orders the entries of one instant. */
public interface AuditLogTable {
    String TABLE_NAME = "audit_log";

    CqlIdentifier MONTH = CqlIdentifier.fromCql("month");
    CqlIdentifier AT = CqlIdentifier.fromCql("at");
    CqlIdentifier ID = CqlIdentifier.fromCql("id");
    CqlIdentifier ACTOR = CqlIdentifier.fromCql("actor");
    CqlIdentifier ACTION = CqlIdentifier.fromCql("action");
    CqlIdentifier SUBJECT = CqlIdentifier.fromCql("subject");

    CassandraTable AUDIT_LOG = table(TABLE_NAME, create -> create
        .withPartitionKey(MONTH, DataTypes.TEXT)
        .withClusteringColumn(AT, DataTypes.TIMESTAMP)
        .withClusteringColumn(ID, DataTypes.TIMEUUID)
        .withColumn(ACTOR, DataTypes.TEXT)
        .withColumn(ACTION, DataTypes.TEXT)
        .withColumn(SUBJECT, DataTypes.TEXT)
        .withClusteringOrder(AT, ClusteringOrder.DESC)
        .withClusteringOrder(ID, ClusteringOrder.DESC));
}
