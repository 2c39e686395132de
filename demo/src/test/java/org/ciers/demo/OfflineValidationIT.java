package org.ciers.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ciers.demo.CiersExchange.initiateSend;
import static org.ciers.demo.CiersExchange.tlsSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.model.MessageId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The authority off the critical path (spec §10): with a.example's pool of signed message IDs
 * primed and b.example validating them offline, a hung authority (SIGSTOP) costs nothing: every
 * message is delivered at once and stamped with CIERS, nothing waits for the authority. When it
 * resumes, b.example's queued receipts reach it and each message counts exactly once, whether
 * b.example was killed in the meantime or a second MX host of b.example saw the same ID. The test
 * that kills b.example runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OfflineValidationIT {
    /** Messages delivered while the authority hangs, then b.example is killed. */
    static final int BEFORE_THE_CRASH = 50;
    static final int MESSAGES = 500;
    static final Duration DELIVERY = Duration.ofSeconds(120);

    static DemoCluster cluster;
    static MailClient mail;

    @BeforeAll
    static void start() throws Exception {
        cluster = DemoCluster.start(DemoLayout.fromSystemProperties(), Map.of(),
            Map.of("mta.pool.size", "600", "mta.pool.refillBelow", "100", "mta.authority.timeout", "2s",
                "rmta.receipts.delay", "1s"));
        mail = cluster.mailClient();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void fiveHundredMessagesThroughAHungAuthorityArriveAtOnceWithCiersAndCountOnceAfterwards() throws Exception {
        String recipient = "offline@" + DemoCluster.B_DOMAIN;
        long start = prime(recipient);
        // enough signed IDs for every message of the run
        Awaitility.await().atMost(DELIVERY).until(() -> cluster.a().admin().metric("ciers-smta-pool-usable") >= MESSAGES);

        cluster.authority().pause();
        try {
            AtomicInteger submitted = new AtomicInteger();
            ExecutorService submitters = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                running.add(submitters.submit(() -> {
                    int i;
                    while ((i = submitted.incrementAndGet()) <= MESSAGES) {
                        mail.submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, recipient, "hung " + i, "Message " + i);
                    }
                    return null;
                }));
            }
            for (Future<?> submitter : running) {
                submitter.get();
            }
            submitters.shutdown();

            mail.awaitMessages(cluster.b().imapPort(), recipient, MailServer.PASSWORD, "INBOX", MESSAGES + 1, DELIVERY);
            List<List<String>> subjects = mail.headerOfEach(cluster.b().imapPort(), recipient, MailServer.PASSWORD, "INBOX", "Subject");
            assertThat(subjects.stream().map(values -> values.get(0)).filter(subject -> subject.startsWith("hung ")).toList())
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, MESSAGES).mapToObj(i -> "hung " + i).toList());
            assertThat(mail.headerOfEach(cluster.b().imapPort(), recipient, MailServer.PASSWORD, "INBOX", "X-CIERS-ServerID"))
                .allSatisfy(values -> assertThat(values).containsExactly(cluster.aAccreditation().serverId().asString()));
            // nothing waited for the authority: no delivery was queued, no CIERS line answered 454
            assertThat(logLines(cluster.a().james().log(), "stays queued for a later try")).isZero();
            assertThat(cluster.a().admin().queueSize("outgoing")).isZero();
        } finally {
            cluster.authority().resume();
        }

        Awaitility.await().atMost(DELIVERY).pollInterval(Duration.ofSeconds(1)).until(() -> counted() == start + 1 + MESSAGES);
        // and no more: every receipt counted once, retried or not
        Awaitility.await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> counted() == start + 1 + MESSAGES);
    }

    /**
     * Forged IDs at the initiate_send line over real STARTTLS: 10,000 seeded mutations of a valid
     * signed ID (bits flipped, bytes cut or added, other characters), none accepted (550, or 501 for
     * what is no message ID at all); then the valid ID is accepted once, and its replay denied.
     */
    @Test
    @Order(2)
    void tenThousandMutatedIdsAreRefusedAtTheInitiateSendLineAndAValidOneIsAcceptedOnce() throws Exception {
        AuthorityAdmin.Accredited a = cluster.aAccreditation();
        MessageId valid = newIdForB();
        String prefix = valid.authority().asString() + ".";
        byte[] token = Base64.getUrlDecoder().decode(valid.asString().substring(prefix.length()));
        long countedBefore = counted();
        Random random = new Random(20261202);
        Map<String, Integer> replies = new TreeMap<>();
        try (SmtpSession smtp = tlsSession(cluster.b().smtpPort())) {
            for (int i = 0; i < 10_000; i++) {
                String mutated = prefix + mutate(token, random);
                if (mutated.equals(valid.asString())) {
                    continue;
                }
                assertThat(smtp.command("CIERS")).startsWith("220");
                String reply = smtp.command(initiateSend(a, mutated));
                assertThat(reply).as("mutation %d: %s", i, mutated).doesNotStartWith("250").doesNotStartWith("454");
                replies.merge(reply.substring(0, 3), 1, Integer::sum);
                smtp.command("RSET");
            }
            assertThat(smtp.command("CIERS")).startsWith("220");
            assertThat(smtp.command(initiateSend(a, valid.asString()))).startsWith("250");
            smtp.command("RSET");
            assertThat(smtp.command("CIERS")).startsWith("220");
            assertThat(smtp.command(initiateSend(a, valid.asString()))).startsWith("550");
        }
        assertThat(replies.keySet()).isSubsetOf("501", "550");
        // the one accepted ID reaches the authority as a receipt, and counts once
        Awaitility.await().atMost(DELIVERY).until(() -> counted() == countedBefore + 1);
    }

    /**
     * Two MX hosts of b.example, each with its own replay cache, both accept one ID (spec §10 allows
     * it: neither can know of the other): the authority counts it once, answers the second receipt
     * duplicate and shows it to the operator in the audit trail.
     */
    @Test
    @Order(3)
    void theSameIdAtTwoMxHostsCountsOnceAndTheOperatorSeesTheDuplicate() throws Exception {
        try (MailServer secondMx = cluster.startSecondMxOfB()) {
            AuthorityAdmin.Accredited a = cluster.aAccreditation();
            MessageId id = newIdForB();
            long before = counted();

            for (int smtpPort : List.of(cluster.b().smtpPort(), secondMx.smtpPort())) {
                try (SmtpSession smtp = tlsSession(smtpPort)) {
                    assertThat(smtp.command("CIERS")).startsWith("220");
                    assertThat(smtp.command(initiateSend(a, id.asString()))).startsWith("250");
                }
            }

            Awaitility.await().atMost(DELIVERY).until(() -> duplicateReceiptsAudited(id) == 1);
            assertThat(counted()).isEqualTo(before + 1);
            Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> counted() == before + 1);
        }
    }

    /**
     * b.example killed (SIGKILL) while its receipts wait for a hung authority: they are in its
     * receipt journal on disk, and after its restart they reach the authority and count once each.
     */
    @Test
    @Order(4)
    void receiptsOfAKilledReceivingServerReachTheAuthorityAfterItsRestart() throws Exception {
        String recipient = "crash@" + DemoCluster.B_DOMAIN;
        long start = prime(recipient);
        Awaitility.await().atMost(DELIVERY).until(() -> cluster.a().admin().metric("ciers-smta-pool-usable") >= BEFORE_THE_CRASH);

        cluster.authority().pause();
        try {
            for (int i = 1; i <= BEFORE_THE_CRASH; i++) {
                mail.submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, recipient, "crash " + i, "Message " + i);
            }
            mail.awaitMessages(cluster.b().imapPort(), recipient, MailServer.PASSWORD, "INBOX", BEFORE_THE_CRASH + 1, DELIVERY);
            assertThat(unansweredReceipts(cluster.b())).isEqualTo(BEFORE_THE_CRASH);

            cluster.b().crashAndRestart();
        } finally {
            cluster.authority().resume();
        }

        Awaitility.await().atMost(DELIVERY).pollInterval(Duration.ofSeconds(1)).until(() -> counted() == start + 1 + BEFORE_THE_CRASH);
        Awaitility.await().atMost(DELIVERY).until(() -> unansweredReceipts(cluster.b()) == 0);
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> counted() == start + 1 + BEFORE_THE_CRASH);
    }

    /**
     * A new recipient at b.example and one message to it: a.example's pool fills, b.example fetches
     * the key set, and the receipt is counted. Returns the count before it.
     */
    private static long prime(String recipient) throws Exception {
        cluster.b().admin().addUser(recipient, MailServer.PASSWORD);
        long start = counted();
        mail.submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, recipient, "priming", "Priming");
        mail.awaitMessages(cluster.b().imapPort(), recipient, MailServer.PASSWORD, "INBOX", 1, DELIVERY);
        Awaitility.await().atMost(DELIVERY).until(() -> counted() == start + 1);
        return start;
    }

    private static MessageId newIdForB() throws Exception {
        AuthorityAdmin.Accredited a = cluster.aAccreditation();
        AuthorityClient client = cluster.authorityClient(Duration.ofSeconds(10));
        return ((AuthToSendResponse.Granted) client.authToSend(new AuthToSendRequest(a.serverId(), a.passphrase(),
            cluster.bAccreditation().domain()))).messageId();
    }

    private static long duplicateReceiptsAudited(MessageId id) throws IOException, InterruptedException {
        long found = 0;
        for (JsonNode entry : cluster.admin().get("/ciers/operator/audit?limit=1000")) {
            if (entry.path("action").asText().equals("receipts.duplicate") && entry.path("subject").asText().contains(id.asString())) {
                found++;
            }
        }
        return found;
    }

    /**
     * Receipts in a receiving server's journal (rmta.receipts.directory, by default under var/ of its
     * working directory) that have no answered line ("- <message_id>") yet.
     */
    private static long unansweredReceipts(MailServer server) throws IOException {
        Path journal = server.james().workingDirectory().resolve("var/ciers/receipts");
        if (!Files.isDirectory(journal)) {
            return 0;
        }
        try (Stream<Path> segments = Files.list(journal)) {
            long unanswered = 0;
            for (Path segment : segments.toList()) {
                for (String line : Files.readAllLines(segment)) {
                    unanswered += line.isEmpty() ? 0 : line.startsWith("- ") ? -1 : 1;
                }
            }
            return unanswered;
        }
    }

    private static String mutate(byte[] token, Random random) {
        byte[] bytes = token.clone();
        switch (random.nextInt(4)) {
            case 0 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> bytes = Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length - 1));
            case 2 -> {
                bytes = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(8));
                bytes[bytes.length - 1] = (byte) random.nextInt(256);
            }
            default -> {
                String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                int at = random.nextInt(encoded.length());
                char other = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".charAt(random.nextInt(64));
                return encoded.substring(0, at) + other + encoded.substring(at + 1);
            }
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }


    /** Validated transmissions the authority counts for a.example. */
    private static long counted() throws IOException, InterruptedException {
        return cluster.admin().domain(cluster.aAccreditation().domain()).path("counters").path("transmissions").asLong();
    }

    private static long logLines(Path log, String text) throws IOException {
        return Files.readString(log).lines().filter(line -> line.contains(text)).count();
    }
}
