package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.ciers.authority.model.AuditEntry;
import org.junit.jupiter.api.Test;

public interface AuditLogStoreContract extends Fixtures {
    AuditLogStore auditLogStore();

    @Test
    default void theLatestEntriesComeNewestFirst() {
        AuditEntry first = new AuditEntry(NOW, "ann", "account.created", "ann");
        AuditEntry second = new AuditEntry(NOW.plusSeconds(1), "ann", "email.confirmed", "ann");
        AuditEntry third = new AuditEntry(NOW.plusSeconds(2), "operator", "account.suspended", "ann");
        auditLogStore().append(first).block();
        auditLogStore().append(second).block();
        auditLogStore().append(third).block();

        assertThat(auditLogStore().latest(2).collectList().block()).containsExactly(third, second);
        assertThat(auditLogStore().latest(10).collectList().block()).containsExactly(third, second, first);
    }

    @Test
    default void entriesComeByTheirTimeNotByAppending() {
        AuditEntry latest = new AuditEntry(NOW.plusSeconds(2), "operator", "domain.approved", "c.example");
        AuditEntry oldest = new AuditEntry(NOW, "ann", "account.created", "ann");
        AuditEntry firstOfOneInstant = new AuditEntry(NOW.plusSeconds(1), "ann", "email.confirmed", "ann");
        AuditEntry lastOfOneInstant = new AuditEntry(NOW.plusSeconds(1), "ann", "phone.confirmed", "ann");
        auditLogStore().append(latest).block();
        auditLogStore().append(oldest).block();
        auditLogStore().append(firstOfOneInstant).block();
        auditLogStore().append(lastOfOneInstant).block();

        assertThat(auditLogStore().latest(10).collectList().block()).containsExactly(latest, lastOfOneInstant, firstOfOneInstant, oldest);
        assertThat(auditLogStore().latest(2).collectList().block()).containsExactly(latest, lastOfOneInstant);
    }
}
