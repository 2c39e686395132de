package org.ciers.authority.store;

import java.time.Instant;

import reactor.core.publisher.Mono;

/** Portal login sessions, by a keyed hash of their bearer token; never the token itself. */
public interface SessionStore {
    Mono<Void> open(String tokenHash, String username, Instant expiresAt);

    /** The session's username, empty when unknown, closed or expired at {@code now}. */
    Mono<String> username(String tokenHash, Instant now);

    Mono<Void> close(String tokenHash);
}
