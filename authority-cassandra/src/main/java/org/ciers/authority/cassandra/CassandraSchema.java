package org.ciers.authority.cassandra;

import java.util.List;

import com.datastax.oss.driver.api.core.CqlSession;

/**
 * The authority's tables, created at start-up when missing. Every read on a request path is by
 * partition key; the only full reads are the operator's organization and domain listings.
 */
public final class CassandraSchema {
    private CassandraSchema() {
    }

    static void createKeyspace(CqlSession session, CassandraSettings settings) {
        session.execute("CREATE KEYSPACE IF NOT EXISTS " + settings.keyspace()
            + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': " + settings.replicationFactor() + "}");
    }

    static void createTables(CqlSession session) {
        for (String table : tables()) {
            session.execute(table);
        }
    }

    /** The tables of every store, in the session's keyspace. */
    public static List<String> tables() {
        return List.of(
            CassandraOrganizationStore.SCHEMA,
            CassandraDomainStore.SCHEMA,
            CassandraDomainStore.BY_SERVER_ID_SCHEMA,
            CassandraDomainStore.BY_ORGANIZATION_SCHEMA,
            CassandraTransmissionStore.SCHEMA,
            CassandraTransmissionStore.BY_SENDER_SCHEMA,
            CassandraReportStore.SCHEMA,
            CassandraReportStore.BY_SENDER_SCHEMA,
            CassandraTrustCounterStore.SCHEMA,
            CassandraAccountStore.SCHEMA,
            CassandraAccountStore.BY_ORGANIZATION_SCHEMA,
            CassandraOneTimeCodeStore.SCHEMA,
            CassandraSessionStore.SCHEMA,
            CassandraDomainRequestStore.SCHEMA,
            CassandraDomainRequestStore.BY_ORGANIZATION_SCHEMA,
            CassandraDomainRequestStore.PENDING_SCHEMA,
            CassandraCertificateStore.CA_SCHEMA,
            CassandraCertificateStore.SCHEMA,
            CassandraAuditLogStore.SCHEMA);
    }
}
