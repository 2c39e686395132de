package org.ciers.authority.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.TrustValue;

/**
 * A sender domain's figures of one day (UTC): its trust counters when the day's first figures were
 * taken ({@code atStart}, the previous day's last) and at the latest ones ({@code atEnd}), taken at
 * {@code takenAt}. The day's own numbers are the differences, so figures stay O(1) to take whatever
 * the history: the counters are the source of truth, these are their pictures.
 */
public record DailyFigures(DomainName domain, LocalDate day, TrustCounters atStart, TrustCounters atEnd, Instant takenAt) {
    public DailyFigures {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(atStart, "atStart");
        Objects.requireNonNull(atEnd, "atEnd");
        Objects.requireNonNull(takenAt, "takenAt");
    }

    /** Transmissions counted during the day. */
    public long transmissions() {
        return atEnd.transmissions() - atStart.transmissions();
    }

    /** Reports filed during the day, standing or refuted since. */
    public long reports() {
        return reports(atEnd) - reports(atStart);
    }

    /** Reports refuted during the day, less those reinstated. */
    public long refuted() {
        return atEnd.refutedReports() - atStart.refutedReports();
    }

    /** The trust value at the latest figures: at the day's end once the day is over. */
    public TrustValue trust() {
        return atEnd.trustValue();
    }

    /** The same day's figures, taken again. */
    public DailyFigures retaken(TrustCounters counters, Instant at) {
        return new DailyFigures(domain, day, atStart, counters, at);
    }

    private static long reports(TrustCounters counters) {
        return counters.standingReports() + counters.refutedReports();
    }
}
