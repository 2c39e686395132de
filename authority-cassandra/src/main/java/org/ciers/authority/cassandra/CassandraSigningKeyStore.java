package org.ciers.authority.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.deleteFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.literal;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.update;
import static org.ciers.authority.cassandra.table.SigningKeyTable.KEY_ID;
import static org.ciers.authority.cassandra.table.SigningKeyTable.KEY_SET;
import static org.ciers.authority.cassandra.table.SigningKeyTable.KEY_SET_COLUMN;
import static org.ciers.authority.cassandra.table.SigningKeyTable.LISTED_UNTIL;
import static org.ciers.authority.cassandra.table.SigningKeyTable.PUBLIC_KEY;
import static org.ciers.authority.cassandra.table.SigningKeyTable.SEALED_PRIVATE_KEY;
import static org.ciers.authority.cassandra.table.SigningKeyTable.SIGNS_FROM;
import static org.ciers.authority.cassandra.table.SigningKeyTable.TABLE_NAME;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;

import org.ciers.authority.model.StoredSigningKey;
import org.ciers.authority.store.SigningKeyStore;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The signing keys in one partition. Adding and retiring are lightweight transactions: they happen
 * at first start and at an operator's rotation, never per message.
 */
public final class CassandraSigningKeyStore implements SigningKeyStore {
    private final CqlExecutor cql;
    private final PreparedStatement insert;
    private final PreparedStatement retire;
    private final PreparedStatement delete;
    private final PreparedStatement selectAll;

    CassandraSigningKeyStore(CqlExecutor cql) {
        this.cql = cql;
        this.insert = cql.prepare(insertInto(TABLE_NAME)
            .value(KEY_SET_COLUMN, literal(KEY_SET))
            .value(KEY_ID, bindMarker(KEY_ID))
            .value(SEALED_PRIVATE_KEY, bindMarker(SEALED_PRIVATE_KEY))
            .value(PUBLIC_KEY, bindMarker(PUBLIC_KEY))
            .value(SIGNS_FROM, bindMarker(SIGNS_FROM))
            .ifNotExists());
        this.retire = cql.prepare(update(TABLE_NAME)
            .setColumn(LISTED_UNTIL, bindMarker(LISTED_UNTIL))
            .whereColumn(KEY_SET_COLUMN).isEqualTo(literal(KEY_SET))
            .whereColumn(KEY_ID).isEqualTo(bindMarker(KEY_ID))
            .ifExists());
        this.delete = cql.prepare(deleteFrom(TABLE_NAME)
            .whereColumn(KEY_SET_COLUMN).isEqualTo(literal(KEY_SET))
            .whereColumn(KEY_ID).isEqualTo(bindMarker(KEY_ID)));
        this.selectAll = cql.prepare(selectFrom(TABLE_NAME).all().whereColumn(KEY_SET_COLUMN).isEqualTo(literal(KEY_SET)));
    }

    @Override
    public Flux<StoredSigningKey> list() {
        return cql.rows(selectAll.bind()).map(CassandraSigningKeyStore::key);
    }

    @Override
    public Mono<Boolean> add(StoredSigningKey key) {
        return cql.applied(insert.bind()
            .setInt(KEY_ID, key.keyId())
            .setByteBuffer(SEALED_PRIVATE_KEY, ByteBuffer.wrap(key.encryptedPrivateKey()))
            .setByteBuffer(PUBLIC_KEY, ByteBuffer.wrap(key.publicKey()))
            .setInstant(SIGNS_FROM, key.signsFrom()));
    }

    @Override
    public Mono<Void> retire(int keyId, Instant listedUntil) {
        return cql.applied(retire.bind().setInt(KEY_ID, keyId).setInstant(LISTED_UNTIL, listedUntil)).then();
    }

    @Override
    public Mono<Void> remove(int keyId) {
        return cql.execute(delete.bind().setInt(KEY_ID, keyId));
    }

    private static StoredSigningKey key(Row row) {
        return new StoredSigningKey(row.getInt(KEY_ID), CqlExecutor.bytes(row, SEALED_PRIVATE_KEY),
            CqlExecutor.bytes(row, PUBLIC_KEY),
            row.getInstant(SIGNS_FROM), Optional.ofNullable(row.getInstant(LISTED_UNTIL)));
    }
}
