package org.ciers.authority.cassandra;

import java.util.List;

import org.ciers.authority.cassandra.table.AccountTables;
import org.ciers.authority.cassandra.table.AnalyticsTables;
import org.ciers.authority.cassandra.table.AuditLogTable;
import org.ciers.authority.cassandra.table.CassandraTable;
import org.ciers.authority.cassandra.table.CertificateTables;
import org.ciers.authority.cassandra.table.DomainRequestTables;
import org.ciers.authority.cassandra.table.DomainTables;
import org.ciers.authority.cassandra.table.OneTimeCodeTable;
import org.ciers.authority.cassandra.table.OrganizationTable;
import org.ciers.authority.cassandra.table.PeerTables;
import org.ciers.authority.cassandra.table.ReceiptTables;
import org.ciers.authority.cassandra.table.ReportTables;
import org.ciers.authority.cassandra.table.SessionTable;
import org.ciers.authority.cassandra.table.SigningKeyTable;
import org.ciers.authority.cassandra.table.TransmissionTables;
import org.ciers.authority.cassandra.table.TrustCounterTable;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.querybuilder.SchemaBuilder;

/**
 * The authority's keyspace: every table the stores use (defined in {@code table/}), created at
 * start-up when missing. Every read on a request path is by partition key; the only full reads are
 * the operator's organization and domain listings and the analytics rebuild's read of the daily figures.
 */
public final class CassandraSchema {
    /** Every table of the stores. */
    public static final List<CassandraTable> TABLES = List.of(
        OrganizationTable.ORGANIZATIONS,
        DomainTables.DOMAINS,
        DomainTables.BY_SERVER_ID,
        DomainTables.BY_ORGANIZATION,
        DomainTables.SUSPENDED_SERVER_IDS,
        TransmissionTables.TRANSMISSIONS,
        TransmissionTables.BY_SENDER,
        ReportTables.REPORTS,
        ReportTables.BY_SENDER,
        TrustCounterTable.TRUST_COUNTERS,
        AccountTables.ACCOUNTS,
        AccountTables.BY_ORGANIZATION,
        OneTimeCodeTable.ONE_TIME_CODES,
        SessionTable.PORTAL_SESSIONS,
        DomainRequestTables.DOMAIN_REQUESTS,
        DomainRequestTables.BY_ORGANIZATION,
        DomainRequestTables.PENDING,
        CertificateTables.CERTIFICATE_AUTHORITY,
        CertificateTables.CERTIFICATES,
        AuditLogTable.AUDIT_LOG,
        SigningKeyTable.SIGNING_KEYS,
        ReceiptTables.RECEIPTS,
        ReceiptTables.ARRIVALS,
        ReceiptTables.COUNTS,
        ReceiptTables.PROGRESS,
        PeerTables.PEERS,
        PeerTables.OUTBOX,
        PeerTables.PROGRESS,
        PeerTables.FORWARDED,
        AnalyticsTables.ANALYTICS_OUTBOX,
        AnalyticsTables.PROGRESS,
        AnalyticsTables.DAILY_FIGURES);

    private CassandraSchema() {
    }

    static void createKeyspace(CqlSession session, CassandraSettings settings) {
        session.execute(SchemaBuilder.createKeyspace(settings.keyspace()).ifNotExists()
            .withSimpleStrategy(settings.replicationFactor())
            .build());
    }

    /** Creates the missing tables in the session's keyspace. */
    static void createTables(CqlSession session) {
        for (CassandraTable table : TABLES) {
            session.execute(table.create());
        }
    }
}
