package org.ciers.authority.store;

import org.ciers.authority.model.AuditEntry;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Every account and domain action, kept in order. */
public interface AuditLogStore {
    Mono<Void> append(AuditEntry entry);

    /**
     * The latest entries, newest first by {@link AuditEntry#at()} (to the millisecond), not by
     * appending; of entries of one millisecond, the last appended first.
     */
    Flux<AuditEntry> latest(int limit);
}
