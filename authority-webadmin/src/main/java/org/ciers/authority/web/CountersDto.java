package org.ciers.authority.web;

import org.ciers.authority.model.TrustCounters;

/** A domain's trust counters: validated transmissions, standing and refuted reports. */
public record CountersDto(long transmissions, long standingReports, long refutedReports) {
    public static CountersDto of(TrustCounters counters) {
        return new CountersDto(counters.transmissions(), counters.standingReports(), counters.refutedReports());
    }
}
