package org.ciers.authority.cassandra;

import java.time.Duration;
import java.time.Instant;

import org.ciers.authority.store.SessionStore;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import reactor.core.publisher.Mono;

/** Portal sessions by token hash, gone after their expiry (TTL). */
public final class CassandraSessionStore implements SessionStore {
    static final String TABLE = "portal_sessions";
    static final String TOKEN_HASH = "token_hash";
    static final String USERNAME = "username";
    static final String EXPIRES_AT = "expires_at";
    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS " + TABLE + " (" + TOKEN_HASH + " text PRIMARY KEY, " + USERNAME + " text, "
        + EXPIRES_AT + " timestamp)";

    private final CqlExecutor cql;
    private final PreparedStatement insert;
    private final PreparedStatement select;
    private final PreparedStatement delete;

    CassandraSessionStore(CqlExecutor cql) {
        this.cql = cql;
        this.insert = cql.session().prepare("INSERT INTO " + TABLE + " (" + TOKEN_HASH + ", " + USERNAME + ", " + EXPIRES_AT
            + ") VALUES (?, ?, ?) USING TTL ?");
        this.select = cql.session().prepare("SELECT * FROM " + TABLE + " WHERE " + TOKEN_HASH + " = ?");
        this.delete = cql.session().prepare("DELETE FROM " + TABLE + " WHERE " + TOKEN_HASH + " = ?");
    }

    @Override
    public Mono<Void> open(String tokenHash, String username, Instant expiresAt) {
        long ttl = Math.max(1, Duration.between(Instant.now(), expiresAt).toSeconds() + 60);
        return cql.execute(insert.bind(tokenHash, username, expiresAt, (int) Math.min(Integer.MAX_VALUE, ttl)));
    }

    @Override
    public Mono<String> username(String tokenHash, Instant now) {
        return cql.one(select.bind(tokenHash))
            .filter(row -> now.isBefore(row.get(EXPIRES_AT, Instant.class)))
            .map(row -> row.getString(USERNAME));
    }

    @Override
    public Mono<Void> close(String tokenHash) {
        return cql.execute(delete.bind(tokenHash));
    }
}
