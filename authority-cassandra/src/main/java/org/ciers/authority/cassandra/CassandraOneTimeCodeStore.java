package org.ciers.authority.cassandra;

import java.time.Duration;
import java.time.Instant;

import org.ciers.authority.model.OneTimeCode;
import org.ciers.authority.store.OneTimeCodeStore;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import reactor.core.publisher.Mono;

/** The current code per purpose and subject, gone after its expiry (TTL); used with a conditional delete. */
public final class CassandraOneTimeCodeStore implements OneTimeCodeStore {
    static final String TABLE = "one_time_codes";
    static final String PURPOSE = "purpose";
    static final String SUBJECT = "subject";
    static final String CODE_HASH = "code_hash";
    static final String EXPIRES_AT = "expires_at";
    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS " + TABLE + " (" + PURPOSE + " text, " + SUBJECT + " text, " + CODE_HASH
        + " text, " + EXPIRES_AT + " timestamp, PRIMARY KEY ((" + PURPOSE + ", " + SUBJECT + ")))";

    private final CqlExecutor cql;
    private final PreparedStatement insert;
    private final PreparedStatement consume;

    CassandraOneTimeCodeStore(CqlExecutor cql) {
        this.cql = cql;
        this.insert = cql.session().prepare("INSERT INTO " + TABLE + " (" + PURPOSE + ", " + SUBJECT + ", " + CODE_HASH + ", " + EXPIRES_AT
            + ") VALUES (?, ?, ?, ?) USING TTL ?");
        this.consume = cql.session().prepare("DELETE FROM " + TABLE + " WHERE " + PURPOSE + " = ? AND " + SUBJECT + " = ? IF " + CODE_HASH
            + " = ? AND " + EXPIRES_AT + " > ?");
    }

    @Override
    public Mono<Void> put(OneTimeCode code) {
        // kept a little past its expiry: the condition on expires_at decides, the TTL only cleans up
        long ttl = Math.max(1, Duration.between(Instant.now(), code.expiresAt()).toSeconds() + 60);
        return cql.execute(insert.bind(code.purpose().name(), code.subject(), code.codeHash(), code.expiresAt(),
            (int) Math.min(Integer.MAX_VALUE, ttl)));
    }

    @Override
    public Mono<Boolean> consume(OneTimeCode.Purpose purpose, String subject, String codeHash, Instant now) {
        return cql.applied(consume.bind(purpose.name(), subject, codeHash, now));
    }
}
