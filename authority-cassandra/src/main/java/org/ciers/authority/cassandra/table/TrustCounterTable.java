package org.ciers.authority.cassandra.table;

import static org.ciers.authority.cassandra.table.CassandraTable.table;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.type.DataTypes;

/** A sender domain's trust counters as counter columns: every event adds its delta. */
public interface TrustCounterTable {
    String TABLE_NAME = "trust_counters";

    CqlIdentifier SENDER_DOMAIN = CqlIdentifier.fromCql("sender_domain");
    CqlIdentifier TRANSMISSIONS = CqlIdentifier.fromCql("transmissions");
    CqlIdentifier STANDING_REPORTS = CqlIdentifier.fromCql("standing_reports");
    CqlIdentifier REFUTED_REPORTS = CqlIdentifier.fromCql("refuted_reports");

    CassandraTable TRUST_COUNTERS = table(TABLE_NAME, create -> create
        .withPartitionKey(SENDER_DOMAIN, DataTypes.TEXT)
        .withColumn(TRANSMISSIONS, DataTypes.COUNTER)
        .withColumn(STANDING_REPORTS, DataTypes.COUNTER)
        .withColumn(REFUTED_REPORTS, DataTypes.COUNTER));
}
