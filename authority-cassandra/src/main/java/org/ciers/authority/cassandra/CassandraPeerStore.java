package org.ciers.authority.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.literal;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.update;
import static org.ciers.authority.cassandra.table.PeerTables.KEY_SET;
import static org.ciers.authority.cassandra.table.PeerTables.NAME;
import static org.ciers.authority.cassandra.table.PeerTables.PEERS_TABLE;
import static org.ciers.authority.cassandra.table.PeerTables.PEER_SET;
import static org.ciers.authority.cassandra.table.PeerTables.PEER_SET_COLUMN;
import static org.ciers.authority.cassandra.table.PeerTables.SUSPENDED;
import static org.ciers.authority.cassandra.table.PeerTables.URL;

import java.net.URI;
import java.nio.ByteBuffer;

import org.ciers.authority.model.Peer;
import org.ciers.authority.store.PeerStore;
import org.ciers.protocol.model.AuthorityName;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The peers in one partition. Putting a peer writes its URL only (an upsert: the suspension stays);
 * suspending is a lightweight transaction, an operator's act, never per message.
 */
public final class CassandraPeerStore implements PeerStore {
    private final CqlExecutor cql;
    private final PreparedStatement putUrl;
    private final PreparedStatement setSuspended;
    private final PreparedStatement selectAll;
    private final PreparedStatement putKeySet;
    private final PreparedStatement selectKeySet;

    CassandraPeerStore(CqlExecutor cql) {
        this.cql = cql;
        this.putUrl = cql.prepare(update(PEERS_TABLE)
            .setColumn(URL, bindMarker(URL))
            .whereColumn(PEER_SET_COLUMN).isEqualTo(literal(PEER_SET))
            .whereColumn(NAME).isEqualTo(bindMarker(NAME)));
        this.setSuspended = cql.prepare(update(PEERS_TABLE)
            .setColumn(SUSPENDED, bindMarker(SUSPENDED))
            .whereColumn(PEER_SET_COLUMN).isEqualTo(literal(PEER_SET))
            .whereColumn(NAME).isEqualTo(bindMarker(NAME))
            .ifExists());
        this.selectAll = cql.prepare(selectFrom(PEERS_TABLE).columns(NAME, URL, SUSPENDED).whereColumn(PEER_SET_COLUMN).isEqualTo(literal(PEER_SET)));
        this.putKeySet = cql.prepare(update(PEERS_TABLE)
            .setColumn(KEY_SET, bindMarker(KEY_SET))
            .whereColumn(PEER_SET_COLUMN).isEqualTo(literal(PEER_SET))
            .whereColumn(NAME).isEqualTo(bindMarker(NAME)));
        this.selectKeySet = cql.prepare(selectFrom(PEERS_TABLE).column(KEY_SET)
            .whereColumn(PEER_SET_COLUMN).isEqualTo(literal(PEER_SET))
            .whereColumn(NAME).isEqualTo(bindMarker(NAME)));
    }

    @Override
    public Mono<Void> keepKeySet(AuthorityName name, byte[] document) {
        return cql.execute(putKeySet.bind().setString(NAME, name.asString()).setByteBuffer(KEY_SET, ByteBuffer.wrap(document)));
    }

    @Override
    public Mono<byte[]> keySet(AuthorityName name) {
        return cql.one(selectKeySet.bind().setString(NAME, name.asString()))
            .filter(row -> !row.isNull(KEY_SET))
            .map(row -> CqlExecutor.bytes(row, KEY_SET));
    }

    @Override
    public Flux<Peer> list() {
        // a row holding only a key set is no peer (never written so, but never read as one)
        return cql.rows(selectAll.bind()).filter(row -> !row.isNull(URL)).map(CassandraPeerStore::peer);
    }

    @Override
    public Mono<Void> put(AuthorityName name, URI baseUrl) {
        return cql.execute(putUrl.bind().setString(NAME, name.asString()).setString(URL, baseUrl.toString()));
    }

    @Override
    public Mono<Boolean> setSuspended(AuthorityName name, boolean suspended) {
        return cql.applied(setSuspended.bind().setString(NAME, name.asString()).setBoolean(SUSPENDED, suspended));
    }

    private static Peer peer(Row row) {
        return new Peer(AuthorityName.of(row.getString(NAME)), URI.create(row.getString(URL)), row.getBoolean(SUSPENDED));
    }
}
