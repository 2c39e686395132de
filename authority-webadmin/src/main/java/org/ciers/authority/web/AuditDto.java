package org.ciers.authority.web;

import java.time.Instant;

import org.ciers.authority.model.AuditEntry;

/** One entry of the audit log. */
public record AuditDto(Instant at, String actor, String action, String subject) {
    public static AuditDto of(AuditEntry entry) {
        return new AuditDto(entry.at(), entry.actor(), entry.action(), entry.subject());
    }
}
