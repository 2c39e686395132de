package org.ciers.authority.cassandra.table;

import static org.ciers.authority.cassandra.table.CassandraTable.table;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.metadata.schema.ClusteringOrder;
import com.datastax.oss.driver.api.core.type.DataTypes;

/**
 * Domain requests by ID (decided with IF state = 'PENDING'); an organization's, newest first; and the
 * pending ones, oldest first, in one small partition ({@link #PENDING_BUCKET}) a request leaves when decided.
 */
public interface DomainRequestTables {
    String TABLE_NAME = "domain_requests";
    String BY_ORGANIZATION_TABLE_NAME = "domain_requests_by_organization";
    String PENDING_TABLE_NAME = "domain_requests_pending";
    /** The only partition of the pending table. */
    String PENDING_BUCKET = "pending";

    CqlIdentifier ID = CqlIdentifier.fromCql("id");
    CqlIdentifier DOMAIN = CqlIdentifier.fromCql("domain");
    CqlIdentifier ORGANIZATION = CqlIdentifier.fromCql("organization");
    CqlIdentifier MX_HOSTS = CqlIdentifier.fromCql("mx_hosts");
    CqlIdentifier PROOF = CqlIdentifier.fromCql("proof");
    CqlIdentifier CONTACT_EMAIL = CqlIdentifier.fromCql("contact_email");
    CqlIdentifier DNS_TOKEN = CqlIdentifier.fromCql("dns_token");
    CqlIdentifier STATE = CqlIdentifier.fromCql("state");
    CqlIdentifier REQUESTED_AT = CqlIdentifier.fromCql("requested_at");
    CqlIdentifier DECIDED_AT = CqlIdentifier.fromCql("decided_at");
    CqlIdentifier BUCKET = CqlIdentifier.fromCql("bucket");

    CassandraTable DOMAIN_REQUESTS = table(TABLE_NAME, create -> create
        .withPartitionKey(ID, DataTypes.UUID)
        .withColumn(DOMAIN, DataTypes.TEXT)
        .withColumn(ORGANIZATION, DataTypes.UUID)
        .withColumn(MX_HOSTS, DataTypes.listOf(DataTypes.TEXT))
        .withColumn(PROOF, DataTypes.TEXT)
        .withColumn(CONTACT_EMAIL, DataTypes.TEXT)
        .withColumn(DNS_TOKEN, DataTypes.TEXT)
        .withColumn(STATE, DataTypes.TEXT)
        .withColumn(REQUESTED_AT, DataTypes.TIMESTAMP)
        .withColumn(DECIDED_AT, DataTypes.TIMESTAMP));
    CassandraTable BY_ORGANIZATION = table(BY_ORGANIZATION_TABLE_NAME, create -> create
        .withPartitionKey(ORGANIZATION, DataTypes.UUID)
        .withClusteringColumn(REQUESTED_AT, DataTypes.TIMESTAMP)
        .withClusteringColumn(ID, DataTypes.UUID)
        .withClusteringOrder(REQUESTED_AT, ClusteringOrder.DESC)
        .withClusteringOrder(ID, ClusteringOrder.DESC));
    CassandraTable PENDING = table(PENDING_TABLE_NAME, create -> create
        .withPartitionKey(BUCKET, DataTypes.TEXT)
        .withClusteringColumn(REQUESTED_AT, DataTypes.TIMESTAMP)
        .withClusteringColumn(ID, DataTypes.UUID));
}
