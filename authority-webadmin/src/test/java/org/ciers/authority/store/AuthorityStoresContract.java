package org.ciers.authority.store;

import java.time.Clock;
import java.time.Duration;

import org.ciers.protocol.SettableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * Every store contract, run on one twin: a runner (memory, Cassandra) extends this and says only
 * how to make its stores. Each test gets empty stores.
 */
public abstract class AuthorityStoresContract {
    /** The retention of the ordinary contracts: nothing they issue expires during a test. */
    static final Duration RETENTION = Duration.ofDays(1);

    /** The clock memory twins keep time by; a test moves it with {@link #letTimePass}. */
    protected SettableClock clock;
    private AuthorityStores stores;

    /**
     * Empty stores of the twin, keeping transmissions for {@code transmissionRetention}; a twin that
     * keeps time itself reads {@code clock}.
     */
    protected abstract AuthorityStores emptyStores(Duration transmissionRetention, Clock clock);

    /** Lets at least {@code duration} pass for the stores; a twin that expires rows by another clock (Cassandra's node) waits instead. */
    protected void letTimePass(Duration duration) {
        clock.advance(duration);
    }

    @BeforeEach
    void freshStores() {
        clock = new SettableClock(Fixtures.NOW);
        stores = emptyStores(RETENTION, clock);
    }

    @Nested
    class Organizations implements OrganizationStoreContract {
        @Override
        public OrganizationStore organizationStore() {
            return stores.organizations();
        }
    }

    @Nested
    class SigningKeys implements SigningKeyStoreContract {
        @Override
        public SigningKeyStore signingKeyStore() {
            return stores.signingKeys();
        }
    }

    @Nested
    class Receipts implements ReceiptStoreContract {
        @Override
        public ReceiptStore receiptStore() {
            return stores.receipts();
        }
    }

    @Nested
    class Domains implements DomainStoreContract {
        @Override
        public DomainStore domainStore() {
            return stores.domains();
        }
    }

    /** The cache in front of any domain store keeps the contract (lookups cached before a removal included). */
    @Nested
    class CachedDomains implements DomainStoreContract {
        DomainStore store;

        @BeforeEach
        void cache() {
            store = new CachingDomainStore(stores.domains(), Duration.ofMinutes(1));
        }

        @Override
        public DomainStore domainStore() {
            return store;
        }
    }

    @Nested
    class Transmissions implements TransmissionStoreContract {
        @Override
        public TransmissionStore transmissionStore() {
            return stores.transmissions();
        }
    }

    @Nested
    class Retention implements TransmissionRetentionContract {
        TransmissionStore store;

        @BeforeEach
        void shortRetention() {
            store = emptyStores(TransmissionRetentionContract.RETENTION, clock).transmissions();
        }

        @Override
        public TransmissionStore transmissionStore() {
            return store;
        }

        @Override
        public void letTimePass(Duration duration) {
            AuthorityStoresContract.this.letTimePass(duration);
        }
    }

    @Nested
    class Reports implements ReportStoreContract {
        @Override
        public ReportStore reportStore() {
            return stores.reports();
        }
    }

    @Nested
    class TrustCounters implements TrustCounterStoreContract {
        @Override
        public TrustCounterStore trustCounterStore() {
            return stores.trustCounters();
        }
    }

    @Nested
    class Accounts implements AccountStoreContract {
        @Override
        public AccountStore accountStore() {
            return stores.accounts();
        }
    }

    @Nested
    class Codes implements OneTimeCodeStoreContract {
        @Override
        public OneTimeCodeStore oneTimeCodeStore() {
            return stores.codes();
        }
    }

    @Nested
    class Sessions implements SessionStoreContract {
        @Override
        public SessionStore sessionStore() {
            return stores.sessions();
        }
    }

    @Nested
    class DomainRequests implements DomainRequestStoreContract {
        @Override
        public DomainRequestStore domainRequestStore() {
            return stores.domainRequests();
        }
    }

    @Nested
    class Certificates implements CertificateStoreContract {
        @Override
        public CertificateStore certificateStore() {
            return stores.certificates();
        }
    }

    @Nested
    class Peers implements PeerStoreContract {
        @Override
        public PeerStore peerStore() {
            return stores.peers();
        }
    }

    @Nested
    class PeerOutbox implements PeerOutboxStoreContract {
        @Override
        public PeerOutboxStore peerOutboxStore() {
            return stores.peerOutbox();
        }
    }

    @Nested
    class AnalyticsOutbox implements AnalyticsOutboxStoreContract {
        @Override
        public AnalyticsOutboxStore analyticsOutboxStore() {
            return stores.analyticsOutbox();
        }
    }

    @Nested
    class DailyFigures implements DailyFiguresStoreContract {
        @Override
        public DailyFiguresStore dailyFiguresStore() {
            return stores.dailyFigures();
        }
    }

    @Nested
    class AuditLog implements AuditLogStoreContract {
        @Override
        public AuditLogStore auditLogStore() {
            return stores.auditLog();
        }
    }
}
