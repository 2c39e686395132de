package org.ciers.authority.cassandra.table;

import static org.ciers.authority.cassandra.table.CassandraTable.table;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.type.DataTypes;

/**
 * The federation's tables (spec §7): the peers (a handful of rows in one partition, read whole),
 * each peer's outbox (a partition per peer, entries in time order, deleted once the peer answered,
 * read from the progress row's entry on) and the relay's record of what it forwarded (a partition per message ID, kept for the
 * transmissions' retention).
 */
public interface PeerTables {
    String PEERS_TABLE = "peers";
    String OUTBOX_TABLE = "peer_outbox";
    String FORWARDED_TABLE = "peer_forwarded";
    String PROGRESS_TABLE = "peer_outbox_progress";
    /** The peers' one partition. */
    String PEER_SET = "peers";

    CqlIdentifier PEER_SET_COLUMN = CqlIdentifier.fromCql("peer_set");
    CqlIdentifier NAME = CqlIdentifier.fromCql("name");
    CqlIdentifier URL = CqlIdentifier.fromCql("url");
    CqlIdentifier SUSPENDED = CqlIdentifier.fromCql("suspended");
    CqlIdentifier KEY_SET = CqlIdentifier.fromCql("key_set");

    CqlIdentifier PEER = CqlIdentifier.fromCql("peer");
    CqlIdentifier ENTRY = CqlIdentifier.fromCql("entry");
    CqlIdentifier KIND = CqlIdentifier.fromCql("kind");
    CqlIdentifier MESSAGE_ID = CqlIdentifier.fromCql("message_id");
    CqlIdentifier SENDER_SERVER_ID = CqlIdentifier.fromCql("sender_server_id");
    CqlIdentifier RECIPIENT_DOMAIN = CqlIdentifier.fromCql("recipient_domain");
    CqlIdentifier AT = CqlIdentifier.fromCql("at");
    CqlIdentifier FORWARDED_AT = CqlIdentifier.fromCql("forwarded_at");
    CqlIdentifier OUTCOME = CqlIdentifier.fromCql("outcome");
    CqlIdentifier FORWARDED_UP_TO = CqlIdentifier.fromCql("forwarded_up_to");

    CassandraTable PEERS = table(PEERS_TABLE, create -> create
        .withPartitionKey(PEER_SET_COLUMN, DataTypes.TEXT)
        .withClusteringColumn(NAME, DataTypes.TEXT)
        .withColumn(URL, DataTypes.TEXT)
        .withColumn(SUSPENDED, DataTypes.BOOLEAN)
        .withColumn(KEY_SET, DataTypes.BLOB));

    CassandraTable OUTBOX = table(OUTBOX_TABLE, create -> create
        .withPartitionKey(PEER, DataTypes.TEXT)
        .withClusteringColumn(ENTRY, DataTypes.TIMEUUID)
        .withColumn(KIND, DataTypes.TEXT)
        .withColumn(MESSAGE_ID, DataTypes.TEXT)
        .withColumn(SENDER_SERVER_ID, DataTypes.TEXT)
        .withColumn(RECIPIENT_DOMAIN, DataTypes.TEXT)
        .withColumn(AT, DataTypes.TIMESTAMP));

    /** Per peer, the newest outbox entry forwarded: reads start there, not at the deletions behind it. */
    CassandraTable PROGRESS = table(PROGRESS_TABLE, create -> create
        .withPartitionKey(PEER, DataTypes.TEXT)
        .withColumn(FORWARDED_UP_TO, DataTypes.TIMEUUID));

    CassandraTable FORWARDED = table(FORWARDED_TABLE, create -> create
        .withPartitionKey(MESSAGE_ID, DataTypes.TEXT)
        .withClusteringColumn(ENTRY, DataTypes.TIMEUUID)
        .withColumn(PEER, DataTypes.TEXT)
        .withColumn(KIND, DataTypes.TEXT)
        .withColumn(SENDER_SERVER_ID, DataTypes.TEXT)
        .withColumn(RECIPIENT_DOMAIN, DataTypes.TEXT)
        .withColumn(AT, DataTypes.TIMESTAMP)
        .withColumn(FORWARDED_AT, DataTypes.TIMESTAMP)
        .withColumn(OUTCOME, DataTypes.TEXT));
}
