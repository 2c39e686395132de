package org.ciers.authority.cassandra.table;

import static org.ciers.authority.cassandra.table.CassandraTable.table;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.type.DataTypes;

/**
 * Accredited domains by name, and two lookups: by server ID (every authenticated request; a server ID
 * is claimed there with IF NOT EXISTS) and an organization's domains by name; and the server IDs of
 * the suspended domains, in one partition.
 */
public interface DomainTables {
    String TABLE_NAME = "domains";
    String BY_SERVER_ID_TABLE_NAME = "domains_by_server_id";
    String BY_ORGANIZATION_TABLE_NAME = "domains_by_organization";
    String SUSPENDED_TABLE_NAME = "suspended_server_ids";
    /** The suspended list's one partition: a handful of rows, read whole for the key set. */
    String SUSPENDED_PARTITION = "suspended";

    CqlIdentifier NAME = CqlIdentifier.fromCql("name");
    CqlIdentifier ORGANIZATION = CqlIdentifier.fromCql("organization");
    CqlIdentifier SERVER_ID = CqlIdentifier.fromCql("server_id");
    CqlIdentifier PASSPHRASE_HASH = CqlIdentifier.fromCql("passphrase_hash");
    CqlIdentifier MX_HOSTS = CqlIdentifier.fromCql("mx_hosts");
    CqlIdentifier REGISTERED_AT = CqlIdentifier.fromCql("registered_at");
    CqlIdentifier SUSPENDED = CqlIdentifier.fromCql("suspended");
    CqlIdentifier LIST = CqlIdentifier.fromCql("list");

    CassandraTable DOMAINS = table(TABLE_NAME, create -> create
        .withPartitionKey(NAME, DataTypes.TEXT)
        .withColumn(ORGANIZATION, DataTypes.UUID)
        .withColumn(SERVER_ID, DataTypes.TEXT)
        .withColumn(PASSPHRASE_HASH, DataTypes.TEXT)
        .withColumn(MX_HOSTS, DataTypes.listOf(DataTypes.TEXT))
        .withColumn(REGISTERED_AT, DataTypes.TIMESTAMP)
        .withColumn(SUSPENDED, DataTypes.BOOLEAN));
    CassandraTable BY_SERVER_ID = table(BY_SERVER_ID_TABLE_NAME, create -> create
        .withPartitionKey(SERVER_ID, DataTypes.TEXT)
        .withColumn(NAME, DataTypes.TEXT));
    CassandraTable BY_ORGANIZATION = table(BY_ORGANIZATION_TABLE_NAME, create -> create
        .withPartitionKey(ORGANIZATION, DataTypes.UUID)
        .withClusteringColumn(NAME, DataTypes.TEXT));
    CassandraTable SUSPENDED_SERVER_IDS = table(SUSPENDED_TABLE_NAME, create -> create
        .withPartitionKey(LIST, DataTypes.TEXT)
        .withClusteringColumn(SERVER_ID, DataTypes.TEXT));
}
