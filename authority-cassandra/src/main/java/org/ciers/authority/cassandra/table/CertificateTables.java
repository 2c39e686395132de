package org.ciers.authority.cassandra.table;

import static org.ciers.authority.cassandra.table.CassandraTable.table;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.type.DataTypes;

/**
 * The CA's root and encrypted key in one row ({@link #ROOT}, written once with IF NOT EXISTS so every
 * node shares one CA), and the certificates it issued by domain, MX host and serial.
 */
public interface CertificateTables {
    String CA_TABLE_NAME = "certificate_authority";
    String TABLE_NAME = "certificates";
    /** The name of the CA's only row. */
    String ROOT = "root";

    CqlIdentifier NAME = CqlIdentifier.fromCql("name");
    CqlIdentifier ROOT_PEM = CqlIdentifier.fromCql("root_pem");
    CqlIdentifier ENCRYPTED_KEY = CqlIdentifier.fromCql("encrypted_key");
    CqlIdentifier DOMAIN = CqlIdentifier.fromCql("domain");
    CqlIdentifier MX_HOST = CqlIdentifier.fromCql("mx_host");
    CqlIdentifier SERIAL = CqlIdentifier.fromCql("serial");
    CqlIdentifier PEM = CqlIdentifier.fromCql("pem");
    CqlIdentifier NOT_AFTER = CqlIdentifier.fromCql("not_after");
    CqlIdentifier REVOKED = CqlIdentifier.fromCql("revoked");

    CassandraTable CERTIFICATE_AUTHORITY = table(CA_TABLE_NAME, create -> create
        .withPartitionKey(NAME, DataTypes.TEXT)
        .withColumn(ROOT_PEM, DataTypes.TEXT)
        .withColumn(ENCRYPTED_KEY, DataTypes.BLOB));
    CassandraTable CERTIFICATES = table(TABLE_NAME, create -> create
        .withPartitionKey(DOMAIN, DataTypes.TEXT)
        .withClusteringColumn(MX_HOST, DataTypes.TEXT)
        .withClusteringColumn(SERIAL, DataTypes.VARINT)
        .withColumn(PEM, DataTypes.TEXT)
        .withColumn(NOT_AFTER, DataTypes.TIMESTAMP)
        .withColumn(REVOKED, DataTypes.BOOLEAN));
}
