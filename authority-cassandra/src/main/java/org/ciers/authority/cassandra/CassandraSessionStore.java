package org.ciers.authority.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.deleteFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static org.ciers.authority.cassandra.table.SessionTable.EXPIRES_AT;
import static org.ciers.authority.cassandra.table.SessionTable.TABLE_NAME;
import static org.ciers.authority.cassandra.table.SessionTable.TOKEN_HASH;
import static org.ciers.authority.cassandra.table.SessionTable.USERNAME;

import java.time.Instant;

import org.ciers.authority.store.SessionStore;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import reactor.core.publisher.Mono;

/** Portal sessions by token hash, gone after their expiry (TTL). */
public final class CassandraSessionStore implements SessionStore {
    private final CqlExecutor cql;
    private final PreparedStatement insert;
    private final PreparedStatement select;
    private final PreparedStatement delete;

    CassandraSessionStore(CqlExecutor cql) {
        this.cql = cql;
        this.insert = cql.prepare(insertInto(TABLE_NAME)
            .value(TOKEN_HASH, bindMarker(TOKEN_HASH))
            .value(USERNAME, bindMarker(USERNAME))
            .value(EXPIRES_AT, bindMarker(EXPIRES_AT))
            .usingTtl(bindMarker(Ttl.MARKER)));
        this.select = cql.prepare(selectFrom(TABLE_NAME).all().whereColumn(TOKEN_HASH).isEqualTo(bindMarker(TOKEN_HASH)));
        this.delete = cql.prepare(deleteFrom(TABLE_NAME).whereColumn(TOKEN_HASH).isEqualTo(bindMarker(TOKEN_HASH)));
    }

    @Override
    public Mono<Void> open(String tokenHash, String username, Instant expiresAt) {
        return cql.execute(insert.bind()
            .setString(TOKEN_HASH, tokenHash)
            .setString(USERNAME, username)
            .setInstant(EXPIRES_AT, expiresAt)
            .setInt(Ttl.MARKER, Ttl.pastExpiry(expiresAt)));
    }

    @Override
    public Mono<String> username(String tokenHash, Instant now) {
        return cql.one(select.bind().setString(TOKEN_HASH, tokenHash))
            .filter(row -> now.isBefore(row.getInstant(EXPIRES_AT)))
            .map(row -> row.getString(USERNAME));
    }

    @Override
    public Mono<Void> close(String tokenHash) {
        return cql.execute(delete.bind().setString(TOKEN_HASH, tokenHash));
    }
}
