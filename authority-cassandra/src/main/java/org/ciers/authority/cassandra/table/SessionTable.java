package org.ciers.authority.cassandra.table;

import static org.ciers.authority.cassandra.table.CassandraTable.table;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.type.DataTypes;

/** Portal sessions by the hash of their token, with a TTL past their expiry. */
public interface SessionTable {
    String TABLE_NAME = "portal_sessions";

    CqlIdentifier TOKEN_HASH = CqlIdentifier.fromCql("token_hash");
    CqlIdentifier USERNAME = CqlIdentifier.fromCql("username");
    CqlIdentifier EXPIRES_AT = CqlIdentifier.fromCql("expires_at");

    CassandraTable PORTAL_SESSIONS = table(TABLE_NAME, create -> create
        .withPartitionKey(TOKEN_HASH, DataTypes.TEXT)
        .withColumn(USERNAME, DataTypes.TEXT)
        .withColumn(EXPIRES_AT, DataTypes.TIMESTAMP));
}
