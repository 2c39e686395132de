package org.ciers.mailets.outbound;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * javax.mail builds transports by reflection from session properties, so a transport finds the
 * {@link OutboundCiers} of its mailet here, under the key the mailet put in those properties.
 */
final class OutboundRegistry {
    private static final Map<String, OutboundCiers> DELIVERIES = new ConcurrentHashMap<>();

    private OutboundRegistry() {
    }

    static String register(OutboundCiers ciers) {
        String key = UUID.randomUUID().toString();
        DELIVERIES.put(key, ciers);
        return key;
    }

    static void unregister(String key) {
        DELIVERIES.remove(key);
    }

    static OutboundCiers lookup(String key) {
        OutboundCiers ciers = key == null ? null : DELIVERIES.get(key);
        if (ciers == null) {
            throw new IllegalStateException(CiersSmtpTransport.class.getSimpleName() + " is used only through "
                + CiersRemoteDelivery.class.getName() + " (no delivery registered under " + key + ")");
        }
        return ciers;
    }
}
