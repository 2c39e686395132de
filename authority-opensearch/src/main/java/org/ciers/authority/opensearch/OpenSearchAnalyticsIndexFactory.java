package org.ciers.authority.opensearch;

import org.ciers.authority.analytics.AnalyticsIndex;
import org.ciers.authority.analytics.AnalyticsIndexFactory;
import org.ciers.protocol.settings.CiersProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code authority.analytics=opensearch}. */
public final class OpenSearchAnalyticsIndexFactory implements AnalyticsIndexFactory {
    public static final String KIND = "opensearch";
    private static final Logger LOGGER = LoggerFactory.getLogger(OpenSearchAnalyticsIndexFactory.class);

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public AnalyticsIndex create(CiersProperties properties) {
        OpenSearchSettings settings = OpenSearchSettings.from(properties);
        LOGGER.info("CIERS analytics on {}", settings);
        return new OpenSearchAnalyticsIndex(settings);
    }
}
