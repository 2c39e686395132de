package org.ciers.authority.cassandra;

import java.nio.ByteBuffer;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.querybuilder.BuildableQuery;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The driver's asynchronous calls as Reactor types, the way every DAO of this module runs its statements. */
final class CqlExecutor {
    /** Statements of one request in flight at once (a batch of 200 receipts): enough to overlap them, few enough to share the node. */
    static final int IN_FLIGHT_PER_REQUEST = 32;

    private final CqlSession session;

    CqlExecutor(CqlSession session) {
        this.session = session;
    }

    /** A statement of the query builder, prepared once; its bind markers are named after the columns they fill. */
    PreparedStatement prepare(BuildableQuery query) {
        return session.prepare(query.build());
    }

    Mono<Void> execute(Statement<?> statement) {
        return Mono.fromCompletionStage(() -> session.executeAsync(statement)).then();
    }

    /** The first row, empty when there is none. */
    Mono<Row> one(Statement<?> statement) {
        return Mono.fromCompletionStage(() -> session.executeAsync(statement)).mapNotNull(AsyncResultSet::one);
    }

    /** Every row, page after page. */
    Flux<Row> rows(Statement<?> statement) {
        return Flux.from(session.executeReactive(statement));
    }

    /** A blob column as an array of its own (the driver's buffer may be shared with the row's other columns). */
    static byte[] bytes(Row row, CqlIdentifier column) {
        ByteBuffer blob = row.getByteBuffer(column);
        byte[] bytes = new byte[blob.remaining()];
        blob.duplicate().get(bytes);
        return bytes;
    }

    /** Whether a lightweight transaction (IF …) was applied. */
    Mono<Boolean> applied(Statement<?> statement) {
        return Mono.fromCompletionStage(() -> session.executeAsync(statement)).map(AsyncResultSet::wasApplied);
    }
}
