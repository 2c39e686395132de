package org.ciers.authority.web;

import java.time.Instant;
import java.util.Locale;

import org.ciers.authority.model.SpamReport;

/** A spam report against a domain (a flagged message), as the operator and the portal show it. */
public record ReportDto(String messageId, String senderServerId, String senderDomain, String recipientDomain, Instant sentAt,
                        Instant reportedAt, String state, Instant stateChangedAt) {
    public static ReportDto of(SpamReport report) {
        return new ReportDto(report.messageId().asString(), report.senderServerId().asString(),
            report.senderDomain().asString(), report.recipientDomain().asString(), report.sentAt(), report.reportedAt(),
            report.state().name().toLowerCase(Locale.ROOT), report.stateChangedAt());
    }
}
