package org.ciers.authority.model;

import java.time.Instant;
import java.util.Objects;

/** One account or domain action: when, who, what, on what (spec §2: every such action is logged). */
public record AuditEntry(Instant at, String actor, String action, String subject) {
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
    }
}
