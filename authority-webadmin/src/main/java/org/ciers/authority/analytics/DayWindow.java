package org.ciers.authority.analytics;

import java.time.LocalDate;

/** The days a ranking or a histogram covers, both included (UTC). */
public record DayWindow(LocalDate from, LocalDate to) {
}
