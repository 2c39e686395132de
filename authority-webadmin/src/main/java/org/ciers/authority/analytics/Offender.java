package org.ciers.authority.analytics;

import java.util.Comparator;

/** A sender domain over a window: transmissions counted, reports standing, and their ratio. */
public record Offender(String domain, long transmissions, long standingReports, double spamRate) {
    /** Highest spam rate first; of equal rates, the domain's name in order. */
    public static final Comparator<Offender> WORST_FIRST = Comparator.comparingDouble(Offender::spamRate).reversed()
        .thenComparing(Offender::domain);

    public static Offender of(String domain, long transmissions, long standingReports) {
        return new Offender(domain, transmissions, standingReports, (double) standingReports / transmissions);
    }
}
