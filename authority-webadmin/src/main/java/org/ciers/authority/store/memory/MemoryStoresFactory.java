package org.ciers.authority.store.memory;

import java.time.Clock;
import java.time.Duration;

import org.ciers.authority.store.AuthorityStores;
import org.ciers.authority.store.AuthorityStoresFactory;
import org.ciers.authority.store.TransmissionRetention;
import org.ciers.protocol.settings.CiersProperties;

/** {@code authority.store=memory}: one node, nothing kept across restarts (tests, the demo). */
public final class MemoryStoresFactory implements AuthorityStoresFactory {
    public static final String KIND = "memory";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public AuthorityStores create(CiersProperties settings) {
        return stores(TransmissionRetention.from(settings), Clock.systemUTC());
    }

    /** Empty stores; transmissions are kept for {@code transmissionRetention} on {@code clock}. */
    public static AuthorityStores stores(Duration transmissionRetention, Clock clock) {
        return new AuthorityStores(new MemoryOrganizationStore(), new MemoryDomainStore(),
            new MemoryTransmissionStore(transmissionRetention, clock), new MemoryReportStore(), new MemoryTrustCounterStore(),
            new MemoryAccountStore(), new MemoryOneTimeCodeStore(), new MemorySessionStore(), new MemoryDomainRequestStore(),
            new MemoryCertificateStore(), new MemoryAuditLogStore(), new MemorySigningKeyStore(), new MemoryReceiptStore(),
            new MemoryPeerStore(), new MemoryPeerOutboxStore(), new MemoryAnalyticsOutboxStore(), new MemoryDailyFiguresStore());
    }
}
