package org.ciers.authority.cassandra;

import java.time.Clock;
import java.time.Duration;

import org.ciers.authority.store.AuthorityStores;
import org.ciers.authority.store.AuthorityStoresFactory;
import org.ciers.protocol.settings.CiersProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;

/** {@code authority.store=cassandra}: the stores on a Cassandra cluster that several authority nodes share. */
public final class CassandraStoresFactory implements AuthorityStoresFactory {
    public static final String KIND = "cassandra";
    private static final Logger LOGGER = LoggerFactory.getLogger(CassandraStoresFactory.class);
    /** Quorum in the local datacenter: a write seen by one authority node is read by the others. */
    private static final String CONSISTENCY = "LOCAL_QUORUM";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public AuthorityStores create(CiersProperties properties) {
        CassandraSettings settings = CassandraSettings.from(properties);
        LOGGER.info("CIERS authority stores on Cassandra: {}", settings);
        CqlSession session = connect(settings);
        return stores(session, settings.transmissionRetention());
    }

    /** A session on the settings' keyspace, created with its tables when missing. */
    public static CqlSession connect(CassandraSettings settings) {
        try (CqlSession bootstrap = builder(settings).build()) {
            CassandraSchema.createKeyspace(bootstrap, settings);
        }
        CqlSession session = builder(settings).withKeyspace(settings.keyspace()).build();
        CassandraSchema.createTables(session);
        return session;
    }

    /** The stores on a session from {@link #connect}; transmissions are kept for {@code transmissionRetention}. */
    public static AuthorityStores stores(CqlSession session, Duration transmissionRetention) {
        return stores(session, transmissionRetention, CassandraReceiptStore.Counting.DEFAULT);
    }

    /** The same, counting receipts in buckets of {@code counting}'s length. */
    public static AuthorityStores stores(CqlSession session, Duration transmissionRetention, CassandraReceiptStore.Counting counting) {
        CqlExecutor cql = new CqlExecutor(session);
        return new AuthorityStores(new CassandraOrganizationStore(cql), new CassandraDomainStore(cql),
            new CassandraTransmissionStore(cql, transmissionRetention), new CassandraReportStore(cql),
            new CassandraTrustCounterStore(cql), new CassandraAccountStore(cql), new CassandraOneTimeCodeStore(cql),
            new CassandraSessionStore(cql), new CassandraDomainRequestStore(cql), new CassandraCertificateStore(cql),
            new CassandraAuditLogStore(cql), new CassandraSigningKeyStore(cql),
            new CassandraReceiptStore(cql, transmissionRetention, counting, Clock.systemUTC()),
            new CassandraPeerStore(cql), new CassandraPeerOutboxStore(cql, transmissionRetention, Clock.systemUTC()),
            new CassandraAnalyticsOutboxStore(cql, Clock.systemUTC()), new CassandraDailyFiguresStore(cql));
    }

    private static CqlSessionBuilder builder(CassandraSettings settings) {
        CqlSessionBuilder builder = CqlSession.builder()
            .addContactPoints(settings.contactPoints())
            .withLocalDatacenter(settings.localDatacenter())
            .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                .withString(DefaultDriverOption.REQUEST_CONSISTENCY, CONSISTENCY)
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(5))
                // schema changes at start-up wait for every node to agree
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
                .build());
        if (settings.username().isPresent()) {
            builder.withAuthCredentials(settings.username().get(), settings.password().orElseThrow());
        }
        return builder;
    }
}
