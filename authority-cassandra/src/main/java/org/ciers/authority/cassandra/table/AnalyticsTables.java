package org.ciers.authority.cassandra.table;

import static org.ciers.authority.cassandra.table.CassandraTable.table;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.metadata.schema.ClusteringOrder;
import com.datastax.oss.driver.api.core.type.DataTypes;

/**
 * What analytics keeps in the store: the records waiting to be indexed (one partition, entries in
 * time order, deleted once indexed, read from the progress row's entry on) and each sender domain's
 * daily figures (a partition per domain, newest day first).
 */
public interface AnalyticsTables {
    String OUTBOX_TABLE = "analytics_outbox";
    String PROGRESS_TABLE = "analytics_outbox_progress";
    String DAILY_FIGURES_TABLE = "daily_figures";
    /** The outbox's one partition: records are few beside transmissions (reports, audit events, figures). */
    String OUTBOX = "analytics";

    CqlIdentifier QUEUE = CqlIdentifier.fromCql("queue");
    CqlIdentifier ENTRY = CqlIdentifier.fromCql("entry");
    CqlIdentifier INDEX = CqlIdentifier.fromCql("index_name");
    CqlIdentifier ID = CqlIdentifier.fromCql("id");
    CqlIdentifier VERSION = CqlIdentifier.fromCql("version");
    CqlIdentifier JSON = CqlIdentifier.fromCql("json");
    CqlIdentifier INDEXED_UP_TO = CqlIdentifier.fromCql("indexed_up_to");

    CqlIdentifier DOMAIN = CqlIdentifier.fromCql("domain");
    CqlIdentifier DAY = CqlIdentifier.fromCql("day");
    CqlIdentifier START_TRANSMISSIONS = CqlIdentifier.fromCql("start_transmissions");
    CqlIdentifier START_STANDING = CqlIdentifier.fromCql("start_standing");
    CqlIdentifier START_REFUTED = CqlIdentifier.fromCql("start_refuted");
    CqlIdentifier END_TRANSMISSIONS = CqlIdentifier.fromCql("end_transmissions");
    CqlIdentifier END_STANDING = CqlIdentifier.fromCql("end_standing");
    CqlIdentifier END_REFUTED = CqlIdentifier.fromCql("end_refuted");
    CqlIdentifier TAKEN_AT = CqlIdentifier.fromCql("taken_at");

    CassandraTable ANALYTICS_OUTBOX = table(OUTBOX_TABLE, create -> create
        .withPartitionKey(QUEUE, DataTypes.TEXT)
        .withClusteringColumn(ENTRY, DataTypes.TIMEUUID)
        .withColumn(INDEX, DataTypes.TEXT)
        .withColumn(ID, DataTypes.TEXT)
        .withColumn(VERSION, DataTypes.BIGINT)
        .withColumn(JSON, DataTypes.TEXT));

    /** The newest outbox entry indexed: reads start there, not at the deletions behind it. */
    CassandraTable PROGRESS = table(PROGRESS_TABLE, create -> create
        .withPartitionKey(QUEUE, DataTypes.TEXT)
        .withColumn(INDEXED_UP_TO, DataTypes.TIMEUUID));

    CassandraTable DAILY_FIGURES = table(DAILY_FIGURES_TABLE, create -> create
        .withPartitionKey(DOMAIN, DataTypes.TEXT)
        .withClusteringColumn(DAY, DataTypes.DATE)
        .withColumn(START_TRANSMISSIONS, DataTypes.BIGINT)
        .withColumn(START_STANDING, DataTypes.BIGINT)
        .withColumn(START_REFUTED, DataTypes.BIGINT)
        .withColumn(END_TRANSMISSIONS, DataTypes.BIGINT)
        .withColumn(END_STANDING, DataTypes.BIGINT)
        .withColumn(END_REFUTED, DataTypes.BIGINT)
        .withColumn(TAKEN_AT, DataTypes.TIMESTAMP)
        .withClusteringOrder(DAY, ClusteringOrder.DESC));
}
