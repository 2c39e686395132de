package org.ciers.authority.store.memory;

import java.time.Duration;

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
import org.ciers.authority.store.CachingDomainStore;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

class MemoryStoresTest {
    @Nested
    class Organizations implements OrganizationStoreContract {
        OrganizationStore store;

        @BeforeEach
        void setUp() {
            store = new MemoryOrganizationStore();
        }

        @Override
        public OrganizationStore organizationStore() {
            return store;
        }
    }

    @Nested
    class Domains implements DomainStoreContract {
        DomainStore store;

        @BeforeEach
        void setUp() {
            store = new MemoryDomainStore();
        }

        @Override
        public DomainStore domainStore() {
            return store;
        }
    }

    /** The cache in front of any domain store keeps the contract (lookups cached before a removal included). */
    @Nested
    class CachedDomains implements DomainStoreContract {
        DomainStore store;

        @BeforeEach
        void setUp() {
            store = new CachingDomainStore(new MemoryDomainStore(), Duration.ofMinutes(1));
        }

        @Override
        public DomainStore domainStore() {
            return store;
        }
    }

    @Nested
    class Transmissions implements TransmissionStoreContract {
        TransmissionStore store;

        @BeforeEach
        void setUp() {
            store = new MemoryTransmissionStore();
        }

        @Override
        public TransmissionStore transmissionStore() {
            return store;
        }
    }

    @Nested
    class Reports implements ReportStoreContract {
        ReportStore store;

        @BeforeEach
        void setUp() {
            store = new MemoryReportStore();
        }

        @Override
        public ReportStore reportStore() {
            return store;
        }
    }

    @Nested
    class TrustCounters implements TrustCounterStoreContract {
        TrustCounterStore store;

        @BeforeEach
        void setUp() {
            store = new MemoryTrustCounterStore();
        }

        @Override
        public TrustCounterStore trustCounterStore() {
            return store;
        }
    }

    @Nested
    class Accounts implements AccountStoreContract {
        AccountStore store;

        @BeforeEach
        void setUp() {
            store = new MemoryAccountStore();
        }

        @Override
        public AccountStore accountStore() {
            return store;
        }
    }

    @Nested
    class Codes implements OneTimeCodeStoreContract {
        OneTimeCodeStore store;

        @BeforeEach
        void setUp() {
            store = new MemoryOneTimeCodeStore();
        }

        @Override
        public OneTimeCodeStore oneTimeCodeStore() {
            return store;
        }
    }

    @Nested
    class Sessions implements SessionStoreContract {
        SessionStore store;

        @BeforeEach
        void setUp() {
            store = new MemorySessionStore();
        }

        @Override
        public SessionStore sessionStore() {
            return store;
        }
    }

    @Nested
    class DomainRequests implements DomainRequestStoreContract {
        DomainRequestStore store;

        @BeforeEach
        void setUp() {
            store = new MemoryDomainRequestStore();
        }

        @Override
        public DomainRequestStore domainRequestStore() {
            return store;
        }
    }

    @Nested
    class Certificates implements CertificateStoreContract {
        CertificateStore store;

        @BeforeEach
        void setUp() {
            store = new MemoryCertificateStore();
        }

        @Override
        public CertificateStore certificateStore() {
            return store;
        }
    }

    @Nested
    class AuditLog implements AuditLogStoreContract {
        AuditLogStore store;

        @BeforeEach
        void setUp() {
            store = new MemoryAuditLogStore();
        }

        @Override
        public AuditLogStore auditLogStore() {
            return store;
        }
    }
}
