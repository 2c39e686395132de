package org.ciers.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.ciers.cassandra.CassandraNode;
import org.ciers.cassandra.CassandraNodeExtension;
import org.ciers.protocol.model.DomainName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The relay's outbox is durable (spec §7, §8): both authorities of the federated demo on a real
 * Cassandra node, each in its keyspace; ciers-a stopped while mail arrives at b.example, ciers-b
 * killed (SIGKILL) with the receipts waiting for ciers-a and started again: once ciers-a is back,
 * every receipt reaches it, each counted once.
 */
@ExtendWith(CassandraNodeExtension.class)
class FederationOnCassandraIT {
    static final Duration WAIT = Duration.ofSeconds(120);
    static final int WHILE_A_STOPPED = 10;

    static DemoCluster cluster;
    static MailClient mail;

    @BeforeAll
    static void start(CassandraNode cassandra) throws Exception {
        cluster = DemoCluster.startFederation(DemoLayout.fromSystemProperties(),
            Map.of("authority.store", "cassandra", "cassandra.contact.points", "127.0.0.1:" + cassandra.nativePort(),
                "authority.peers.timeout", "2s", "authority.peers.retry.max", "2s"),
            Map.of("mta.authority.timeout", "2s", "rmta.receipts.delay", "1s", "mta.pool.size", "40", "mta.pool.refillBelow", "20"));
        mail = cluster.mailClient();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void receiptsWaitingAtAKilledRelayReachTheIssuerAfterItsRestartEachCountedOnce() throws Exception {
        String bob = "durable@" + DemoCluster.B_DOMAIN;
        cluster.b().admin().addUser(bob, MailServer.PASSWORD);
        mail.submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, bob, "before", "Hello.");
        mail.awaitMessages(cluster.b().imapPort(), bob, MailServer.PASSWORD, "INBOX", 1, WAIT);
        Awaitility.await().atMost(WAIT).until(() -> counted() == 1);
        Awaitility.await().atMost(WAIT).until(() -> cluster.a().admin().metric("ciers-smta-pool-usable") >= WHILE_A_STOPPED);

        cluster.authority().pause();
        try {
            for (int i = 0; i < WHILE_A_STOPPED; i++) {
                mail.submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, bob, "a stopped " + i, "Message " + i);
            }
            Awaitility.await().atMost(WAIT).ignoreExceptions().until(
                () -> mail.headerOfEach(cluster.b().imapPort(), bob, MailServer.PASSWORD, "INBOX", "Subject").size() == WHILE_A_STOPPED + 1);
            Awaitility.await().atMost(WAIT).until(() -> pendingAtB() == WHILE_A_STOPPED);

            cluster.bAuthority().kill();
            cluster.bAuthority().startAgain();

            // what waited is still there, from ciers-b's store
            assertThat(pendingAtB()).isEqualTo(WHILE_A_STOPPED);
            assertThat(peerAtB().path("state").asText()).isEqualTo("active");
        } finally {
            cluster.authority().resume();
        }

        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> counted() == 1 + WHILE_A_STOPPED);
        Awaitility.await().atMost(WAIT).until(() -> pendingAtB() == 0);
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> counted() == 1 + WHILE_A_STOPPED);
    }

    private static long counted() throws Exception {
        return cluster.admin().domain(DomainName.of(DemoCluster.A_DOMAIN)).path("counters").path("transmissions").asLong();
    }

    private static JsonNode peerAtB() throws Exception {
        return cluster.bAdmin().get("/ciers/operator/peers/" + DemoCluster.AUTHORITY_A);
    }

    private static long pendingAtB() throws Exception {
        return peerAtB().path("pending").asLong();
    }
}
