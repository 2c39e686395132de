package org.ciers.authority.shared;

import java.time.Clock;

import javax.inject.Inject;

import org.ciers.authority.model.AuditEntry;
import org.ciers.authority.store.AuditLogStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * Records every account, domain and signing-key action, and requests with duplicate receipts, with
 * its time and actor (spec §2), in the store and the log.
 */
public class AuditTrail {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditTrail.class);

    private final AuditLogStore log;
    private final Clock clock;

    @Inject
    public AuditTrail(AuditLogStore log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    public Mono<Void> record(String actor, String action, String subject) {
        AuditEntry entry = new AuditEntry(clock.instant(), actor, action, subject);
        return log.append(entry).doOnSuccess(any -> LOGGER.info("CIERS audit: {} {} {}", actor, action, subject));
    }
}
