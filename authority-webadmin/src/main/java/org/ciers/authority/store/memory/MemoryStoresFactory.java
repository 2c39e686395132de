package org.ciers.authority.store.memory;

import org.ciers.authority.store.AuthorityStores;
import org.ciers.authority.store.AuthorityStoresFactory;
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
        return new AuthorityStores(new MemoryOrganizationStore(), new MemoryDomainStore(), new MemoryTransmissionStore(),
            new MemoryReportStore(), new MemoryTrustCounterStore(), new MemoryAccountStore(), new MemoryOneTimeCodeStore(),
            new MemorySessionStore(), new MemoryDomainRequestStore(), new MemoryCertificateStore(), new MemoryAuditLogStore());
    }
}
