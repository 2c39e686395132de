package org.ciers.authority.cassandra.table;

import static org.ciers.authority.cassandra.table.CassandraTable.table;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.type.DataTypes;

/** Portal accounts by username (claimed with IF NOT EXISTS), and an organization's usernames in order. */
public interface AccountTables {
    String TABLE_NAME = "accounts";
    String BY_ORGANIZATION_TABLE_NAME = "accounts_by_organization";

    CqlIdentifier USERNAME = CqlIdentifier.fromCql("username");
    CqlIdentifier ORGANIZATION = CqlIdentifier.fromCql("organization");
    CqlIdentifier PASSWORD_HASH = CqlIdentifier.fromCql("password_hash");
    CqlIdentifier STATUS = CqlIdentifier.fromCql("status");
    CqlIdentifier EMAIL_CONFIRMED = CqlIdentifier.fromCql("email_confirmed");
    CqlIdentifier PHONE_CONFIRMED = CqlIdentifier.fromCql("phone_confirmed");
    CqlIdentifier CREATED_AT = CqlIdentifier.fromCql("created_at");

    CassandraTable ACCOUNTS = table(TABLE_NAME, create -> create
        .withPartitionKey(USERNAME, DataTypes.TEXT)
        .withColumn(ORGANIZATION, DataTypes.UUID)
        .withColumn(PASSWORD_HASH, DataTypes.TEXT)
        .withColumn(STATUS, DataTypes.TEXT)
        .withColumn(EMAIL_CONFIRMED, DataTypes.BOOLEAN)
        .withColumn(PHONE_CONFIRMED, DataTypes.BOOLEAN)
        .withColumn(CREATED_AT, DataTypes.TIMESTAMP));
    CassandraTable BY_ORGANIZATION = table(BY_ORGANIZATION_TABLE_NAME, create -> create
        .withPartitionKey(ORGANIZATION, DataTypes.UUID)
        .withClusteringColumn(USERNAME, DataTypes.TEXT));
}
