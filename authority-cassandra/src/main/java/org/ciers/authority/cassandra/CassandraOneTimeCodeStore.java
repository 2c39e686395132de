package org.ciers.authority.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.deleteFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static org.ciers.authority.cassandra.table.OneTimeCodeTable.CODE_HASH;
import static org.ciers.authority.cassandra.table.OneTimeCodeTable.EXPIRES_AT;
import static org.ciers.authority.cassandra.table.OneTimeCodeTable.PURPOSE;
import static org.ciers.authority.cassandra.table.OneTimeCodeTable.SUBJECT;
import static org.ciers.authority.cassandra.table.OneTimeCodeTable.TABLE_NAME;

import java.time.Instant;

import org.ciers.authority.model.OneTimeCode;
import org.ciers.authority.store.OneTimeCodeStore;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import reactor.core.publisher.Mono;

/** The current code per purpose and subject, gone after its expiry (TTL); used with a conditional delete. */
public final class CassandraOneTimeCodeStore implements OneTimeCodeStore {
    /** The instant a use happens at: the code must not have expired by then. */
    private static final CqlIdentifier USED_AT = CqlIdentifier.fromCql("used_at");

    private final CqlExecutor cql;
    private final PreparedStatement insert;
    private final PreparedStatement consume;

    CassandraOneTimeCodeStore(CqlExecutor cql) {
        this.cql = cql;
        this.insert = cql.prepare(insertInto(TABLE_NAME)
            .value(PURPOSE, bindMarker(PURPOSE))
            .value(SUBJECT, bindMarker(SUBJECT))
            .value(CODE_HASH, bindMarker(CODE_HASH))
            .value(EXPIRES_AT, bindMarker(EXPIRES_AT))
            .usingTtl(bindMarker(Ttl.MARKER)));
        this.consume = cql.prepare(deleteFrom(TABLE_NAME)
            .whereColumn(PURPOSE).isEqualTo(bindMarker(PURPOSE))
            .whereColumn(SUBJECT).isEqualTo(bindMarker(SUBJECT))
            .ifColumn(CODE_HASH).isEqualTo(bindMarker(CODE_HASH))
            .ifColumn(EXPIRES_AT).isGreaterThan(bindMarker(USED_AT)));
    }

    @Override
    public Mono<Void> put(OneTimeCode code) {
        // kept a little past its expiry: the condition on expires_at decides, the TTL only cleans up
        return cql.execute(insert.bind()
            .setString(PURPOSE, code.purpose().name())
            .setString(SUBJECT, code.subject())
            .setString(CODE_HASH, code.codeHash())
            .setInstant(EXPIRES_AT, code.expiresAt())
            .setInt(Ttl.MARKER, Ttl.pastExpiry(code.expiresAt())));
    }

    @Override
    public Mono<Boolean> consume(OneTimeCode.Purpose purpose, String subject, String codeHash, Instant now) {
        return cql.applied(consume.bind()
            .setString(PURPOSE, purpose.name())
            .setString(SUBJECT, subject)
            .setString(CODE_HASH, codeHash)
            .setInstant(USED_AT, now));
    }
}
