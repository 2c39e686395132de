package org.ciers.authority.cassandra;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.ciers.authority.store.AuthorityStores;
import org.ciers.authority.store.AccountStore;
import org.ciers.authority.store.AccountStoreContract;
import org.ciers.authority.store.OneTimeCodeStore;
import org.ciers.authority.store.OneTimeCodeStoreContract;
import org.ciers.authority.store.SessionStore;
import org.ciers.authority.store.SessionStoreContract;
import org.ciers.authority.store.DomainRequestStore;
import org.ciers.authority.store.DomainRequestStoreContract;
import org.ciers.authority.store.CertificateStore;
import org.ciers.authority.store.CertificateStoreContract;
import org.ciers.authority.store.AuditLogStore;
import org.ciers.authority.store.AuditLogStoreContract;
import org.ciers.authority.store.DomainStore;
import org.ciers.authority.store.DomainStoreContract;
import org.ciers.authority.store.OrganizationStore;
import org.ciers.authority.store.OrganizationStoreContract;
import org.ciers.authority.store.ReportStore;
import org.ciers.authority.store.ReportStoreContract;
import org.ciers.authority.store.TransmissionStore;
import org.ciers.authority.store.TransmissionStoreContract;
import org.ciers.authority.store.TrustCounterStore;
import org.ciers.authority.store.TrustCounterStoreContract;
import org.ciers.cassandra.CassandraNode;
import org.ciers.cassandra.CassandraNodeExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import com.datastax.oss.driver.api.core.CqlSession;

/** The memory twins' contract tests, unchanged, against the Cassandra DAOs on a real forked Cassandra 5.0 node. */
@ExtendWith(CassandraNodeExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CassandraStoresTest {
    CqlSession session;
    AuthorityStores stores;

    @BeforeAll
    void connect(CassandraNode node) {
        CassandraSettings settings = new CassandraSettings(List.of(node.contactPoint()), CassandraSettings.DEFAULT_LOCAL_DATACENTER,
            "contracts", 1, Optional.empty(), Optional.empty(), Duration.ofDays(1));
        session = CassandraStoresFactory.connect(settings);
        stores = CassandraStoresFactory.stores(session, settings);
    }

    @AfterAll
    void close() {
        if (session != null) {
            session.close();
        }
    }

    /** Each contract test starts from empty tables, as a fresh memory twin does. */
    void truncate(String... tables) {
        for (String table : tables) {
            session.execute("TRUNCATE " + table);
        }
    }

    @Nested
    class Organizations implements OrganizationStoreContract {
        @BeforeEach
        void empty() {
            truncate(CassandraOrganizationStore.TABLE);
        }

        @Override
        public OrganizationStore organizationStore() {
            return stores.organizations();
        }
    }

    @Nested
    class Domains implements DomainStoreContract {
        @BeforeEach
        void empty() {
            truncate(CassandraDomainStore.TABLE, CassandraDomainStore.BY_SERVER_ID, CassandraDomainStore.BY_ORGANIZATION);
        }

        @Override
        public DomainStore domainStore() {
            return stores.domains();
        }
    }

    @Nested
    class Transmissions implements TransmissionStoreContract {
        @BeforeEach
        void empty() {
            truncate(CassandraTransmissionStore.TABLE, CassandraTransmissionStore.BY_SENDER);
        }

        @Override
        public TransmissionStore transmissionStore() {
            return stores.transmissions();
        }
    }

    @Nested
    class Reports implements ReportStoreContract {
        @BeforeEach
        void empty() {
            truncate(CassandraReportStore.TABLE, CassandraReportStore.BY_SENDER);
        }

        @Override
        public ReportStore reportStore() {
            return stores.reports();
        }
    }

    @Nested
    class TrustCounters implements TrustCounterStoreContract {
        @BeforeEach
        void empty() {
            truncate(CassandraTrustCounterStore.TABLE);
        }

        @Override
        public TrustCounterStore trustCounterStore() {
            return stores.trustCounters();
        }
    }

    @Nested
    class Accounts implements AccountStoreContract {
        @BeforeEach
        void empty() {
            truncate(CassandraAccountStore.TABLE, CassandraAccountStore.BY_ORGANIZATION);
        }

        @Override
        public AccountStore accountStore() {
            return stores.accounts();
        }
    }

    @Nested
    class Codes implements OneTimeCodeStoreContract {
        @BeforeEach
        void empty() {
            truncate(CassandraOneTimeCodeStore.TABLE);
        }

        @Override
        public OneTimeCodeStore oneTimeCodeStore() {
            return stores.codes();
        }
    }

    @Nested
    class Sessions implements SessionStoreContract {
        @BeforeEach
        void empty() {
            truncate(CassandraSessionStore.TABLE);
        }

        @Override
        public SessionStore sessionStore() {
            return stores.sessions();
        }
    }

    @Nested
    class DomainRequests implements DomainRequestStoreContract {
        @BeforeEach
        void empty() {
            truncate(CassandraDomainRequestStore.TABLE, CassandraDomainRequestStore.BY_ORGANIZATION, CassandraDomainRequestStore.PENDING);
        }

        @Override
        public DomainRequestStore domainRequestStore() {
            return stores.domainRequests();
        }
    }

    @Nested
    class Certificates implements CertificateStoreContract {
        @BeforeEach
        void empty() {
            truncate(CassandraCertificateStore.CA_TABLE, CassandraCertificateStore.TABLE);
        }

        @Override
        public CertificateStore certificateStore() {
            return stores.certificates();
        }
    }

    @Nested
    class AuditLog implements AuditLogStoreContract {
        @BeforeEach
        void empty() {
            truncate(CassandraAuditLogStore.TABLE);
        }

        @Override
        public AuditLogStore auditLogStore() {
            return stores.auditLog();
        }
    }
}
