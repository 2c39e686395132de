package org.ciers.authority.analytics;

import org.ciers.protocol.settings.CiersProperties;

/**
 * Makes the index of one kind, named by {@code authority.analytics}; kinds are found with
 * {@link java.util.ServiceLoader}, so a module dropped into extensions-jars (authority-opensearch)
 * adds its kind without the authority knowing it.
 */
public interface AnalyticsIndexFactory {
    String kind();

    /** Creates the index client, reading the kind's own settings; connects lazily (the engine may be down at start). */
    AnalyticsIndex create(CiersProperties settings);
}
