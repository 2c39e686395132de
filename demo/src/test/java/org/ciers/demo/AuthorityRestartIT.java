package org.ciers.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
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
 * RemoteDelivery keeps them queued and delivers each once, with CIERS, after the restart. A
 * thousand go through a hang and a restart in the middle of the run.
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
            // retries every few seconds for a minute, so the restarted authority is met within the test, then
            // every 15 s for five more: under the load of a thousand retrying messages a James restart on
            // these 2 cores takes 50 to 90 s, and no message may run out of retries (bounce) while it does
            Map.of("delayTime", "12 * 5000, 20 * 15000", "maxRetries", "32"));
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
        assertThat(inbox).as(() -> deliveredMoreThanOnce(inbox)).hasSize(20);
        assertThat(inbox.stream().map(message -> MailClient.header(message, "Subject").get(0)))
            .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 20).mapToObj(i -> "restart " + i).toList());
        assertThat(inbox).allSatisfy(message ->
            assertThat(MailClient.header(message, "X-CIERS-ServerID")).containsExactly(cluster.aAccreditation().serverId().asString()));
    }

    /**
     * A thousand messages from four submitting clients while the authority hangs (SIGSTOP: every
     * request meets the timeout), then is stopped and started again: every message arrives once,
     * with CIERS, and a.example's queue ends empty.
     */
    @Test
    void aThousandMessagesThroughAHangAndARestartOfTheAuthorityArriveEachExactlyOnce() throws Exception {
        String recipient = "thousand@" + DemoCluster.B_DOMAIN;
        cluster.b().admin().addUser(recipient, MailServer.PASSWORD);
        int messages = 1_000;
        AtomicInteger submitted = new AtomicInteger();
        ExecutorService submitters = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            running.add(submitters.submit(() -> {
                int i;
                while ((i = submitted.incrementAndGet()) <= messages) {
                    mail.submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, recipient, "thousand " + i, "Message " + i);
                }
                return null;
            }));
        }
        try {
            Awaitility.await().atMost(DELIVERY).until(() -> submitted.get() >= 200);
            long queuedBefore = queuedForLater();
            cluster.authority().pause();
            Awaitility.await().atMost(DELIVERY).until(() -> queuedForLater() > queuedBefore);
            cluster.authority().resume();
            Awaitility.await().atMost(DELIVERY).until(() -> submitted.get() >= 600);
            cluster.authority().close();
            Awaitility.await().atMost(DELIVERY).until(() -> submitted.get() >= 800);
            cluster.authority().restart();
            for (Future<?> submitter : running) {
                submitter.get();
            }
        } finally {
            submitters.shutdownNow();
            if (!cluster.authority().isAlive()) {
                cluster.authority().restart();
            }
        }

        Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2))
            .until(() -> mail.count(cluster.b().imapPort(), recipient, MailServer.PASSWORD, "INBOX") >= messages
                && cluster.a().admin().queueSize("outgoing") == 0);
        List<List<String>> subjects = mail.headerOfEach(cluster.b().imapPort(), recipient, MailServer.PASSWORD, "INBOX", "Subject");
        assertThat(subjects.stream().map(values -> values.get(0)).toList())
            .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, messages).mapToObj(i -> "thousand " + i).toList());
        assertThat(mail.headerOfEach(cluster.b().imapPort(), recipient, MailServer.PASSWORD, "INBOX", "X-CIERS-ServerID"))
            .allSatisfy(values -> assertThat(values).containsExactly(cluster.aAccreditation().serverId().asString()));
    }

    /**
     * Which messages arrived more than once, each copy's CIERS message ID and Received lines, and what
     * both servers logged about them: a duplicate names its cause in the failure itself.
     */
    private static String deliveredMoreThanOnce(List<String> inbox) {
        Map<String, List<String>> bySubject = inbox.stream()
            .collect(Collectors.groupingBy(message -> MailClient.header(message, "Subject").get(0), TreeMap::new, Collectors.toList()));
        StringBuilder report = new StringBuilder("messages delivered more than once:");
        bySubject.forEach((subject, copies) -> {
            if (copies.size() > 1) {
                report.append("\n").append(subject).append(" × ").append(copies.size());
                for (String copy : copies) {
                    report.append("\n  ").append(MailClient.header(copy, "X-CIERS-MessageID")).append(" ")
                        .append(MailClient.header(copy, "Received").stream().map(line -> line.replaceAll("\\s+", " ")).toList());
                }
                String rfcMessageId = MailClient.header(copies.get(0), "Message-ID").get(0).trim();
                report.append("\n  a.example's log:").append(logLinesAbout(cluster.a(), rfcMessageId));
            }
        });
        report.append("\nerrors in b.example's log:").append(logLinesAbout(cluster.b(), "ERROR"));
        report.append("\nerrors in a.example's log:").append(logLinesAbout(cluster.a(), "ERROR"));
        return report.toString();
    }

    private static String logLinesAbout(MailServer server, String text) {
        try {
            return Files.readString(server.james().log()).lines().filter(line -> line.contains(text)).limit(20)
                .map(line -> "\n    " + line).collect(Collectors.joining());
        } catch (IOException e) {
            return " (unreadable: " + e.getMessage() + ")";
        }
    }

    /** How many times a.example has logged keeping a message for a later try. */
    private static long queuedForLater() throws IOException {
        return Files.readString(cluster.a().james().log()).lines().filter(line -> line.contains("stays queued for a later try")).count();
    }
}
