package org.ciers.mailets.smta;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * javax.mail builds transports by reflection from session properties, so a transport finds the
 * CIERS step and the SIRP notification of its mailet here, under the key the mailet put in those
 * properties.
 */
final class OutboundRegistry {
    /** What one {@link CiersRemoteDelivery} adds to each of its transports. */
    record Delivery(OutboundCiers ciers, MsidNotification msidNotification) {
    }

    private static final Map<String, Delivery> DELIVERIES = new ConcurrentHashMap<>();

    private OutboundRegistry() {
    }

    static String register(Delivery delivery) {
        String key = UUID.randomUUID().toString();
        DELIVERIES.put(key, delivery);
        return key;
    }

    static void unregister(String key) {
        DELIVERIES.remove(key);
    }

    static Delivery lookup(String key) {
        Delivery delivery = key == null ? null : DELIVERIES.get(key);
        if (delivery == null) {
            throw new IllegalStateException(CiersSmtpTransport.class.getSimpleName() + " is used only through "
                + CiersRemoteDelivery.class.getName() + " (no delivery registered under " + key + ")");
        }
        return delivery;
    }
}
