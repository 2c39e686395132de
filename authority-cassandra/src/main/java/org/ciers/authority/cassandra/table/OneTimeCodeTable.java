package org.ciers.authority.cassandra.table;

import static org.ciers.authority.cassandra.table.CassandraTable.table;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.type.DataTypes;

/** The current one-time code of a purpose and subject (one partition each), with a TTL past its expiry. */
public interface OneTimeCodeTable {
    String TABLE_NAME = "one_time_codes";

    CqlIdentifier PURPOSE = CqlIdentifier.fromCql("purpose");
    CqlIdentifier SUBJECT = CqlIdentifier.fromCql("subject");
    CqlIdentifier CODE_HASH = CqlIdentifier.fromCql("code_hash");
    CqlIdentifier EXPIRES_AT = CqlIdentifier.fromCql("expires_at");

    CassandraTable ONE_TIME_CODES = table(TABLE_NAME, create -> create
        .withPartitionKey(PURPOSE, DataTypes.TEXT)
        .withPartitionKey(SUBJECT, DataTypes.TEXT)
        .withColumn(CODE_HASH, DataTypes.TEXT)
        .withColumn(EXPIRES_AT, DataTypes.TIMESTAMP));
}
