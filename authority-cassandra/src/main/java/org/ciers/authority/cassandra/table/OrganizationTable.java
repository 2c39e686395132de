package org.ciers.authority.cassandra.table;

import static org.ciers.authority.cassandra.table.CassandraTable.table;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.type.DataTypes;

/** Registered organizations by ID. */
public interface OrganizationTable {
    String TABLE_NAME = "organizations";

    CqlIdentifier ID = CqlIdentifier.fromCql("id");
    CqlIdentifier NAME = CqlIdentifier.fromCql("name");
    CqlIdentifier TYPE = CqlIdentifier.fromCql("type");
    CqlIdentifier CONTACT_NAME = CqlIdentifier.fromCql("contact_name");
    CqlIdentifier ADDRESS = CqlIdentifier.fromCql("address");
    CqlIdentifier COUNTRY = CqlIdentifier.fromCql("country");
    CqlIdentifier EMAIL = CqlIdentifier.fromCql("email");
    CqlIdentifier PHONE = CqlIdentifier.fromCql("phone");
    CqlIdentifier CREATED_AT = CqlIdentifier.fromCql("created_at");

    CassandraTable ORGANIZATIONS = table(TABLE_NAME, create -> create
        .withPartitionKey(ID, DataTypes.UUID)
        .withColumn(NAME, DataTypes.TEXT)
        .withColumn(TYPE, DataTypes.TEXT)
        .withColumn(CONTACT_NAME, DataTypes.TEXT)
        .withColumn(ADDRESS, DataTypes.TEXT)
        .withColumn(COUNTRY, DataTypes.TEXT)
        .withColumn(EMAIL, DataTypes.TEXT)
        .withColumn(PHONE, DataTypes.TEXT)
        .withColumn(CREATED_AT, DataTypes.TIMESTAMP));
}
