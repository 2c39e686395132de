package org.ciers.authority.analytics;

import java.time.LocalDate;

/** A domain's figures of one day as the index holds them: transmissions counted, reports filed and refuted, trust at the day's end. */
public record DayFigures(LocalDate day, long transmissions, long reports, long refuted, double trust) {
}
