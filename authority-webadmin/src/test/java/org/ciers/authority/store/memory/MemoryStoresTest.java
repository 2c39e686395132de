package org.ciers.authority.store.memory;

import java.time.Clock;
import java.time.Duration;

import org.ciers.authority.store.AuthorityStores;
import org.ciers.authority.store.AuthorityStoresContract;

/** The store contracts on the memory twins. */
class MemoryStoresTest extends AuthorityStoresContract {
    @Override
    protected AuthorityStores emptyStores(Duration transmissionRetention, Clock clock) {
        return MemoryStoresFactory.stores(transmissionRetention, clock);
    }
}
