package org.ciers.authority.model;

import java.math.BigDecimal;
import java.math.MathContext;

import org.ciers.protocol.model.TrustValue;

/**
 * The three counters a sender domain's trust is computed from (spec §5). Events add deltas,
 * so a trust update is O(1) whatever the history:
 * {@code trust = 20 − 20·standing/total − 5·refuted/total}, clamped to [0, 20], 20 while total is 0.
 */
public record TrustCounters(long transmissions, long standingReports, long refutedReports) {
    public static final TrustCounters ZERO = new TrustCounters(0, 0, 0);
    public static final TrustCounters ONE_TRANSMISSION = new TrustCounters(1, 0, 0);
    public static final TrustCounters ONE_REPORT = new TrustCounters(0, 1, 0);
    /** A standing report becomes refuted. */
    public static final TrustCounters ONE_REFUTATION = new TrustCounters(0, -1, 1);
    /** A refuted report is reported again and stands once more. */
    public static final TrustCounters ONE_REINSTATEMENT = new TrustCounters(0, 1, -1);

    private static final BigDecimal STANDING_WEIGHT = BigDecimal.valueOf(20);
    private static final BigDecimal REFUTED_WEIGHT = BigDecimal.valueOf(5);

    public TrustCounters plus(TrustCounters delta) {
        return new TrustCounters(transmissions + delta.transmissions, standingReports + delta.standingReports,
            refutedReports + delta.refutedReports);
    }

    public TrustValue trustValue() {
        if (transmissions <= 0) {
            return TrustValue.FULL;
        }
        BigDecimal total = BigDecimal.valueOf(transmissions);
        BigDecimal penalty = STANDING_WEIGHT.multiply(BigDecimal.valueOf(standingReports))
            .add(REFUTED_WEIGHT.multiply(BigDecimal.valueOf(refutedReports)))
            .divide(total, MathContext.DECIMAL64);
        BigDecimal trust = TrustValue.MAX.subtract(penalty);
        return TrustValue.of(trust.max(TrustValue.MIN).min(TrustValue.MAX));
    }
}
