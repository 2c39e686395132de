package org.ciers.authority.cassandra.table;

import static org.ciers.authority.cassandra.table.CassandraTable.table;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.type.DataTypes;

/** The authority's signing keys: a handful of rows in one partition, read whole; private halves sealed. */
public interface SigningKeyTable {
    String TABLE_NAME = "signing_keys";
    /** The one partition's key. */
    String KEY_SET = "keys";

    CqlIdentifier KEY_SET_COLUMN = CqlIdentifier.fromCql("key_set");
    CqlIdentifier KEY_ID = CqlIdentifier.fromCql("key_id");
    CqlIdentifier SEALED_PRIVATE_KEY = CqlIdentifier.fromCql("sealed_private_key");
    CqlIdentifier PUBLIC_KEY = CqlIdentifier.fromCql("public_key");
    CqlIdentifier SIGNS_FROM = CqlIdentifier.fromCql("signs_from");
    CqlIdentifier LISTED_UNTIL = CqlIdentifier.fromCql("listed_until");

    CassandraTable SIGNING_KEYS = table(TABLE_NAME, create -> create
        .withPartitionKey(KEY_SET_COLUMN, DataTypes.TEXT)
        .withClusteringColumn(KEY_ID, DataTypes.INT)
        .withColumn(SEALED_PRIVATE_KEY, DataTypes.BLOB)
        .withColumn(PUBLIC_KEY, DataTypes.BLOB)
        .withColumn(SIGNS_FROM, DataTypes.TIMESTAMP)
        .withColumn(LISTED_UNTIL, DataTypes.TIMESTAMP));
}
