package org.ciers.authority.store;

import java.time.Instant;

import org.ciers.authority.model.OneTimeCode;

import reactor.core.publisher.Mono;

/** Codes sent by mail, phone or approval link; each works once. A new code for a subject replaces the last. */
public interface OneTimeCodeStore {
    Mono<Void> put(OneTimeCode code);

    /**
     * Uses the code: true exactly once, when {@code codeHash} is the current code of that purpose and
     * subject and has not expired at {@code now}. Atomic under concurrent calls.
     */
    Mono<Boolean> consume(OneTimeCode.Purpose purpose, String subject, String codeHash, Instant now);
}
