package org.ciers.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.awaitility.Awaitility;
import org.ciers.cassandra.CassandraNode;
import org.ciers.cassandra.CassandraNodeExtension;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.client.AuthorityUnavailableException;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.ClientResponseRequest;
import org.ciers.protocol.message.ClientResponseResponse;
import org.ciers.protocol.message.TrustValueRequest;
import org.ciers.protocol.message.TrustValueResponse;
import org.ciers.protocol.message.ValidationReceiptsRequest;
import org.ciers.protocol.message.ValidationReceiptsResponse;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.Verdict;
import org.ciers.protocol.xml.CiersXml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two authority James processes on one real Cassandra node (authority.store=cassandra): message IDs
 * stay single use and counters exact while both nodes serve the same requests at once, a node
 * killed with SIGKILL comes back with everything, and receipts retried around a killed node count
 * once each.
 */
@ExtendWith(CassandraNodeExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CassandraAuthorityIT {
    static final int MESSAGES = 1000;
    static final int REPORTS = 500;
    /** Requests in flight at once, across both nodes. */
    static final int IN_FLIGHT = 128;
    /** Receipts per validation_receipts request in the kill test: twenty batches. */
    static final int RECEIPT_BATCH = 50;

    static DemoLayout layout;
    static Map<String, String> settings;
    static final List<JamesProcess> NODES = new ArrayList<>();
    static final List<AuthorityClient> CLIENTS = new ArrayList<>();
    static AuthorityAdmin.Accredited a;
    static AuthorityAdmin.Accredited b;
    static final List<MessageId> VALIDATED = new ArrayList<>();

    @BeforeAll
    static void start(CassandraNode cassandra) throws Exception {
        layout = DemoLayout.fromSystemProperties();
        settings = Map.of(
            "authority.store", "cassandra",
            "cassandra.contact.points", "127.0.0.1:" + cassandra.nativePort(),
            "cassandra.keyspace", "authority_it");
        // the first node creates the schema; the second then finds it
        NODES.add(JamesProcess.startAuthority("authority-1", layout, settings));
        NODES.add(JamesProcess.startAuthority("authority-2", layout, settings));
        for (JamesProcess node : NODES) {
            CLIENTS.add(client(node.webAdmin()));
        }
        AuthorityAdmin admin = new AuthorityAdmin(NODES.get(0).webAdmin());
        String organization = admin.registerOrganization("Example", "postmaster@example.com");
        a = admin.accredit(organization, "a.example", List.of("mx.a.example"));
        b = new AuthorityAdmin(NODES.get(1).webAdmin()).accredit(organization, "b.example", List.of("mx.b.example"));
        // one request per node and server first: the passphrase KDF runs once, then the keyed-hash cache answers
        for (AuthorityClient client : CLIENTS) {
            client.authToSend(new AuthToSendRequest(a.serverId(), a.passphrase(), b.domain()));
            client.trustValue(new TrustValueRequest(b.serverId(), b.passphrase(), a.serverId(), MessageId.of("ciers.WARMUPWARMUPWARMUPWARMUPWARMUP0")));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        ParallelStart.closeAll(NODES);
    }

    static AuthorityClient client(URI node) {
        return new AuthorityClient(new AuthorityClient.Settings(node, Duration.ofSeconds(30), Optional.empty()), new CiersXml());
    }

    /**
     * Runs every call on {@link #IN_FLIGHT} threads (the client answers on its caller's thread, so
     * each thread is one request in flight), and returns the results in order.
     */
    static <T> List<T> concurrently(List<Callable<T>> calls) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(IN_FLIGHT);
        try {
            List<Future<T>> results = new ArrayList<>();
            for (Callable<T> call : calls) {
                results.add(threads.submit(call));
            }
            List<T> values = new ArrayList<>();
            for (Future<T> result : results) {
                values.add(result.get());
            }
            return values;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    @Order(1)
    void twoThousandConcurrentValidationsOnTwoNodesMatchEachMessageIdExactlyOnce() throws Exception {
        List<Callable<AuthToSendResponse>> authorisations = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            AuthorityClient client = CLIENTS.get(i % 2);
            authorisations.add(() -> client.authToSend(new AuthToSendRequest(a.serverId(), a.passphrase(), b.domain())));
        }
        List<MessageId> messageIds = concurrently(authorisations).stream()
            .map(response -> ((AuthToSendResponse.Granted) response).messageId())
            .toList();

        // both nodes are asked about every message ID, one right after the other, so they race
        List<Callable<TrustValueResponse>> validations = new ArrayList<>();
        for (MessageId messageId : messageIds) {
            for (AuthorityClient client : CLIENTS) {
                validations.add(() -> client.trustValue(new TrustValueRequest(b.serverId(), b.passphrase(), a.serverId(), messageId)));
            }
        }
        Instant started = Instant.now();
        List<TrustValueResponse> answers = concurrently(validations);
        Duration took = Duration.between(started, Instant.now());
        System.out.printf("%d trust_value requests on two Cassandra-backed nodes in %d ms%n", answers.size(), took.toMillis());

        Map<MessageId, Integer> matches = new HashMap<>();
        for (int i = 0; i < answers.size(); i++) {
            MessageId messageId = messageIds.get(i / 2);
            matches.merge(messageId, answers.get(i) instanceof TrustValueResponse.ValidTransmission ? 1 : 0, Integer::sum);
            if (!(answers.get(i) instanceof TrustValueResponse.ValidTransmission)) {
                assertThat(answers.get(i)).isInstanceOf(TrustValueResponse.InvalidTransmission.class);
            }
        }
        assertThat(matches).hasSize(MESSAGES);
        assertThat(matches.values()).allMatch(count -> count == 1);
        assertThat(counters(a.domain()).path("transmissions").asLong()).isEqualTo(MESSAGES);
        VALIDATED.addAll(messageIds);
    }

    @Test
    @Order(2)
    void fiveHundredConcurrentReportsOnTwoNodesCountExactly() throws Exception {
        List<Callable<ClientResponseResponse>> reports = new ArrayList<>();
        for (MessageId messageId : VALIDATED.subList(0, REPORTS)) {
            // each report reaches both nodes: one files it, the other finds it filed
            for (AuthorityClient client : CLIENTS) {
                reports.add(() -> client.clientResponse(ClientResponseRequest.byServer(a.serverId(), messageId, Verdict.SPAM, b.serverId(),
                    b.passphrase())));
            }
        }
        List<ClientResponseResponse> answers = concurrently(reports);

        // a repeated report is answered accepted and changes nothing: the counters show each report once
        assertThat(answers).allMatch(ClientResponseResponse.ResponseAccepted.class::isInstance);
        JsonNode counters = counters(a.domain());
        assertThat(counters.path("transmissions").asLong()).isEqualTo(MESSAGES);
        assertThat(counters.path("standingReports").asLong()).isEqualTo(REPORTS);
        // 20 - 20 * 500 / 1000
        assertThat(new AuthorityAdmin(NODES.get(1).webAdmin()).domain(a.domain()).path("trustValue").decimalValue())
            .isEqualByComparingTo("10");
    }

    @Test
    @Order(3)
    void aNodeKilledAndRestartedKeepsEveryOrganizationDomainTransmissionReportAndCounter() throws Exception {
        Function<AuthorityAdmin, List<JsonNode>> everything = admin -> {
            try {
                return List.of(admin.get("/ciers/operator/organizations"), admin.get("/ciers/operator/domains"), admin.get("/ciers/operator/domains/a.example"),
                    admin.get("/ciers/operator/domains/a.example/transmissions"), admin.get("/ciers/operator/domains/a.example/reports"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        List<JsonNode> before = everything.apply(new AuthorityAdmin(NODES.get(0).webAdmin()));
        // the validated transmissions: the warm-up's message IDs were issued, never validated, so never logged
        assertThat(before.get(3).size()).isEqualTo(MESSAGES);
        assertThat(before.get(4).size()).isEqualTo(REPORTS);

        NODES.get(0).kill();
        JamesProcess restarted = JamesProcess.startAuthority("authority-1", layout, settings);
        NODES.set(0, restarted);

        assertThat(everything.apply(new AuthorityAdmin(restarted.webAdmin()))).isEqualTo(before);
    }

    /**
     * Validations on both nodes while one of them is killed (SIGKILL): every validation that was
     * answered valid_transmission is in the sender's counters; only requests that got no answer
     * may or may not be counted.
     */
    @Test
    @Order(4)
    void aNodeKilledInTheMiddleOfTheLoadLosesNoAnsweredCount() throws Exception {
        // the nodes as they are now (the test before restarted the first one on new ports)
        List<AuthorityClient> clients = NODES.stream().map(node -> client(node.webAdmin())).toList();
        long before = counters(a.domain()).path("transmissions").asLong();
        List<MessageId> messageIds = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            messageIds.add(((AuthToSendResponse.Granted) clients.get(0).authToSend(new AuthToSendRequest(a.serverId(), a.passphrase(),
                b.domain()))).messageId());
        }
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger valid = new AtomicInteger();
        AtomicInteger unanswered = new AtomicInteger();
        List<Callable<Boolean>> validations = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            MessageId messageId = messageIds.get(i);
            AuthorityClient client = clients.get(i % 2);
            validations.add(() -> {
                if (answered.incrementAndGet() == MESSAGES / 3) {
                    NODES.get(1).kill();
                }
                try {
                    TrustValueResponse answer = client.trustValue(new TrustValueRequest(b.serverId(), b.passphrase(), a.serverId(),
                        messageId));
                    if (answer instanceof TrustValueResponse.ValidTransmission) {
                        valid.incrementAndGet();
                    }
                } catch (AuthorityUnavailableException noAnswer) {
                    unanswered.incrementAndGet();
                }
                return true;
            });
        }
        concurrently(validations);

        long counted = counters(a.domain()).path("transmissions").asLong() - before;
        assertThat(unanswered.get()).as("requests to the killed node").isGreaterThan(0);
        assertThat(counted).isBetween((long) valid.get(), (long) valid.get() + unanswered.get());

        JamesProcess restarted = JamesProcess.startAuthority("authority-2", layout, settings);
        NODES.set(1, restarted);
        assertThat(new AuthorityAdmin(restarted.webAdmin()).domain(a.domain()).path("counters").path("transmissions").asLong())
            .isEqualTo(before + counted);
    }

    /**
     * Receipts posted to both nodes in batches, as receiving servers send them, while one node is
     * killed (SIGKILL) in the middle: every batch that got no answer is posted again to the node that
     * lives, as a receiving server retries, and one answered batch is posted again too (an answer lost
     * on its way back). The count of validated transmissions grows by exactly the number of distinct
     * IDs, once the receipts' buckets are counted.
     */
    @Test
    @Order(5)
    void receiptsPostedWhileANodeIsKilledCountEachIdExactlyOnce() throws Exception {
        List<AuthorityClient> clients = NODES.stream().map(node -> client(node.webAdmin())).toList();
        long before = counters(a.domain()).path("transmissions").asLong();
        List<MessageId> messageIds = new ArrayList<>();
        while (messageIds.size() < MESSAGES) {
            // as a sending server fills its pool: a hundred signed IDs per request
            messageIds.addAll(((AuthToSendResponse.Granted) clients.get(0).authToSend(new AuthToSendRequest(a.serverId(), a.passphrase(),
                b.domain(), AuthToSendRequest.MAX_COUNT))).messageIds());
        }
        Instant validatedAt = Instant.now();
        List<List<ValidationReceiptsRequest.Receipt>> batches = new ArrayList<>();
        for (int from = 0; from < MESSAGES; from += RECEIPT_BATCH) {
            batches.add(messageIds.subList(from, Math.min(MESSAGES, from + RECEIPT_BATCH)).stream()
                .map(id -> new ValidationReceiptsRequest.Receipt(id, validatedAt)).toList());
        }
        AtomicInteger started = new AtomicInteger();
        AtomicInteger retried = new AtomicInteger();
        List<Callable<ValidationReceiptsResponse>> posts = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            List<ValidationReceiptsRequest.Receipt> batch = batches.get(i);
            AuthorityClient client = clients.get(i % 2);
            posts.add(() -> {
                if (started.incrementAndGet() == batches.size() / 3) {
                    NODES.get(1).kill();
                }
                ValidationReceiptsRequest request = new ValidationReceiptsRequest(b.serverId(), b.passphrase(), batch);
                try {
                    return client.validationReceipts(request);
                } catch (AuthorityUnavailableException noAnswer) {
                    retried.incrementAndGet();
                    return clients.get(0).validationReceipts(request);
                }
            });
        }
        List<ValidationReceiptsResponse> answers = concurrently(posts);
        ValidationReceiptsResponse again = clients.get(0).validationReceipts(new ValidationReceiptsRequest(b.serverId(), b.passphrase(),
            batches.get(0)));

        assertThat(retried.get()).as("batches posted to the killed node").isGreaterThan(0);
        assertThat(answers).allMatch(ValidationReceiptsResponse.Answered.class::isInstance);
        assertThat(((ValidationReceiptsResponse.Answered) again).outcomes())
            .allMatch(outcome -> outcome.outcome() == ValidationReceiptsResponse.Outcome.DUPLICATE);
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
            .until(() -> counters(a.domain()).path("transmissions").asLong() == before + MESSAGES);
        Awaitility.await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15))
            .until(() -> counters(a.domain()).path("transmissions").asLong() == before + MESSAGES);

        JamesProcess restarted = JamesProcess.startAuthority("authority-2", layout, settings);
        NODES.set(1, restarted);
        assertThat(new AuthorityAdmin(restarted.webAdmin()).domain(a.domain()).path("counters").path("transmissions").asLong())
            .isEqualTo(before + MESSAGES);
    }

    static JsonNode counters(DomainName domain) throws Exception {
        return new AuthorityAdmin(NODES.get(0).webAdmin()).domain(domain).path("counters");
    }
}
