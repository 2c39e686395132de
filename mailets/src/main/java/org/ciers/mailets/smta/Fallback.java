package org.ciers.mailets.smta;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the sending server does with a message when CIERS cannot be used for it (spec §3 steps 2 and 4). */
public enum Fallback {
    /** Deliver it by plain SMTP, without CIERS. */
    PLAIN,
    /** Return it to its sender (permanent failure, James's bounce processor). */
    BOUNCE,
    /** Keep it in the outgoing queue; RemoteDelivery tries again after its next delay. */
    RETRY;

    public String configurationName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Fallback parse(String parameter, String value, Fallback... allowed) {
        for (Fallback fallback : allowed) {
            if (fallback.configurationName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return fallback;
            }
        }
        throw new IllegalArgumentException(parameter + " must be one of "
            + Arrays.stream(allowed).map(Fallback::configurationName).collect(Collectors.joining(", ")) + ", not '" + value + "'");
    }
}
