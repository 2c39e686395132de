package org.ciers.authority.store.memory;

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
}
