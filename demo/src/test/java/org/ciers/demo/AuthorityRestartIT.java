package org.ciers.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.ciers.cassandra.CassandraNode;
import org.ciers.cassandra.CassandraNodeExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nothing lost, nothing duplicated (spec §8): the demo's servers with the authority on Cassandra,
 * so that it can really be stopped and started again. Twenty messages are sent while it is down;
 * RemoteDelivery keeps them queued and delivers each once, with CIERS, after the restart.
 */
@ExtendWith(CassandraNodeExtension.class)
class AuthorityRestartIT {
    static final Duration DELIVERY = Duration.ofSeconds(90);

    static DemoCluster cluster;
    static MailClient mail;

    @BeforeAll
    static void start(CassandraNode cassandra) throws Exception {
        cluster = DemoCluster.start(DemoLayout.fromSystemProperties(),
            Map.of("authority.store", "cassandra", "cassandra.contact.points", "127.0.0.1:" + cassandra.nativePort(),
                "cassandra.keyspace", "restart_it"),
            Map.of("mta.authority.timeout", "2s"),
            // retries every few seconds for a minute, so the restarted authority is met within the test
            Map.of("delayTime", "12 * 5000", "maxRetries", "12"));
        mail = cluster.mailClient();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void twentyMessagesSentWhileTheAuthorityIsStoppedArriveOnceWithCiersAfterItsRestart() throws Exception {
        String recipient = "restart@" + DemoCluster.B_DOMAIN;
        cluster.b().admin().addUser(recipient, MailServer.PASSWORD);

        cluster.authority().close();
        for (int i = 1; i <= 20; i++) {
            mail.submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, recipient, "restart " + i, "Message " + i);
        }
        Awaitility.await().atMost(DELIVERY).until(() -> Files.readString(cluster.a().james().log()).contains("stays queued for a later try"));
        cluster.authority().restart();

        mail.awaitMessages(cluster.b().imapPort(), recipient, MailServer.PASSWORD, "INBOX", 20, DELIVERY);
        Awaitility.await().atMost(DELIVERY).until(() -> cluster.a().admin().queueSize("outgoing") == 0);
        List<String> inbox = mail.read(cluster.b().imapPort(), recipient, MailServer.PASSWORD, "INBOX");
        assertThat(inbox).hasSize(20);
        assertThat(inbox.stream().map(message -> MailClient.header(message, "Subject").get(0)))
            .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 20).mapToObj(i -> "restart " + i).toList());
        assertThat(inbox).allSatisfy(message ->
            assertThat(MailClient.header(message, "X-CIERS-ServerID")).containsExactly(cluster.aAccreditation().serverId().asString()));
    }
}
