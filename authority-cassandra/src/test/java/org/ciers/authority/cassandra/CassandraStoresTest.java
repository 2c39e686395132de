package org.ciers.authority.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.truncate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.awaitility.Awaitility;
import org.ciers.authority.cassandra.table.CassandraTable;
import org.ciers.authority.store.AuthorityStores;
import org.ciers.authority.store.AuthorityStoresContract;
import org.ciers.cassandra.CassandraNode;
import org.ciers.cassandra.CassandraNodeExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import com.datastax.oss.driver.api.core.CqlSession;

/** The store contracts on the Cassandra DAOs, on a real forked Cassandra 5.0 node. */
@ExtendWith(CassandraNodeExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CassandraStoresTest extends AuthorityStoresContract {
    CqlSession session;
    /** The last test's stores: their background counting must end before the tables are emptied. */
    AuthorityStores last;

    @BeforeAll
    void connect(CassandraNode node) {
        session = CassandraStoresFactory.connect(new CassandraSettings(List.of(node.contactPoint()),
            CassandraSettings.DEFAULT_LOCAL_DATACENTER, "contracts", 1, Optional.empty(), Optional.empty(), Duration.ofDays(1)));
    }

    @AfterAll
    void close() {
        if (session != null) {
            session.close();
        }
    }

    /** Empties the tables the last test wrote to, as a fresh memory twin starts empty; the node keeps its own time. */
    @Override
    protected AuthorityStores emptyStores(Duration transmissionRetention, Clock clock) {
        if (last != null) {
            CassandraReceiptStore receipts = (CassandraReceiptStore) last.receipts();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !receipts.isCounting());
        }
        for (CassandraTable table : CassandraSchema.TABLES) {
            if (session.execute(selectFrom(table.name()).all().limit(1).build()).one() != null) {
                session.execute(truncate(table.name()).build());
            }
        }
        // short buckets: a receipt shows in the count within seconds, as the contract awaits
        last = CassandraStoresFactory.stores(session, transmissionRetention,
            new CassandraReceiptStore.Counting(Duration.ofSeconds(1), Duration.ofSeconds(2)));
        return last;
    }

    /** The node expires rows by its own clock: this lets that much wall-clock time go by. */
    @Override
    protected void letTimePass(Duration duration) {
        Instant until = Instant.now().plus(duration);
        Awaitility.await().atMost(duration.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
            .until(() -> !Instant.now().isBefore(until));
    }
}
