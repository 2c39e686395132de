package org.ciers.authority.store.memory;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import org.ciers.authority.store.SessionStore;

import reactor.core.publisher.Mono;

public class MemorySessionStore implements SessionStore {
    private record Session(String username, Instant expiresAt) {
    }

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> open(String tokenHash, String username, Instant expiresAt) {
        return Mono.fromRunnable(() -> sessions.put(tokenHash, new Session(username, expiresAt)));
    }

    @Override
    public Mono<String> username(String tokenHash, Instant now) {
        return Mono.fromSupplier(() -> {
            Session session = sessions.get(tokenHash);
            if (session == null) {
                return null;
            }
            if (!now.isBefore(session.expiresAt())) {
                sessions.remove(tokenHash, session);
                return null;
            }
            return session.username();
        });
    }

    @Override
    public Mono<Void> close(String tokenHash) {
        return Mono.fromRunnable(() -> sessions.remove(tokenHash));
    }
}
