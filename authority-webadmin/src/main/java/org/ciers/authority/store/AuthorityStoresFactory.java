package org.ciers.authority.store;

import org.ciers.protocol.settings.CiersProperties;

/**
 * Makes the stores of one kind, named by {@code authority.store} in ciers.properties. Kinds are
 * found with {@link java.util.ServiceLoader}, so a store module dropped into extensions-jars
 * (authority-cassandra) adds its kind without the authority knowing it.
 */
public interface AuthorityStoresFactory {
    /** The value of {@code authority.store} that selects this kind, e.g. {@code memory}. */
    String kind();

    /** Creates the stores, reading this kind's own settings from ciers.properties. */
    AuthorityStores create(CiersProperties settings);
}
