package org.ciers.smtp.rmta.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.ciers.smtp.rmta.RmtaFixtures.START;
import static org.ciers.smtp.rmta.RmtaFixtures.THIS_SERVER;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.ciers.protocol.message.ValidationReceiptsRequest.Receipt;
import org.ciers.protocol.message.ValidationReceiptsResponse;
import org.ciers.protocol.model.MessageId;
import org.ciers.smtp.metrics.CiersMetrics;
import org.ciers.smtp.mta.MtaConfiguration;
import org.ciers.smtp.rmta.FakeAuthority;
import org.ciers.smtp.rmta.RmtaFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receipt outbox on its journal in a temporary directory, sending to an authority served over
 * HTTP on loopback: batching, acknowledgement per answered ID, retries with a growing delay, and
 * what a new outbox on the same directory finds.
 */
class ReceiptOutboxTest {
    static final Duration BOUND = Duration.ofSeconds(15);

    private final RecordingMetricFactory metricFactory = new RecordingMetricFactory();
    @TempDir
    Path directory;
    private FakeAuthority authority;
    private ReceiptOutbox outbox;

    @BeforeEach
    void start() throws Exception {
        authority = FakeAuthority.start();
        outbox = outbox();
    }

    @AfterEach
    void stop() {
        outbox.close();
        authority.close();
    }

    ReceiptOutbox outbox() throws IOException {
        MtaConfiguration configuration = RmtaFixtures.configuration(authority.url(),
            MtaConfiguration.RECEIPTS_BATCH_SIZE, "3",
            MtaConfiguration.RECEIPTS_DELAY, "200ms",
            MtaConfiguration.RECEIPTS_RETRY_DELAY, "100ms");
        CiersMetrics metrics = RmtaFixtures.metrics(metricFactory);
        return new ReceiptOutbox(directory, new ReceiptSender(authority.client(), configuration, metrics), configuration, metrics);
    }

    static List<Receipt> receipts(int count) {
        return IntStream.range(0, count)
            .mapToObj(n -> new Receipt(MessageId.of(String.format("ciers.RECEIPT%024d", n)), START.plusSeconds(n)))
            .toList();
    }

    void record(List<Receipt> receipts) throws Exception {
        for (Receipt receipt : receipts) {
            outbox.record(receipt);
        }
    }

    long queued() {
        return outbox.outstanding();
    }

    long journalLines() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.mapToLong(file -> {
                try {
                    return Files.readAllLines(file).size();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).sum();
        }
    }

    List<Receipt> answered() {
        return authority.answeredBatches().stream().flatMap(batch -> batch.receipts().stream()).toList();
    }

    @Test
    void receiptsGoInBatchesWithThisServersCredentialsAndLeaveTheQueueWhenCounted() throws Exception {
        List<Receipt> receipts = receipts(7);
        record(receipts);
        assertThat(queued()).isEqualTo(7);
        assertThat(journalLines()).isEqualTo(7);

        outbox.start();

        await().atMost(BOUND).until(() -> answered().size() == 7 && queued() == 0);
        assertThat(answered()).containsExactlyInAnyOrderElementsOf(receipts);
        assertThat(authority.answeredBatches()).allMatch(batch -> batch.receipts().size() <= 3)
            .allMatch(batch -> batch.serverId().equals(THIS_SERVER));
        assertThat(metricFactory.countFor(CiersMetrics.RECEIPTS_QUEUED)).isEqualTo(7);
        assertThat(metricFactory.countFor(CiersMetrics.RECEIPTS_SENT)).isEqualTo(7);
        assertThat(metricFactory.countFor(CiersMetrics.RECEIPTS_COUNTED)).isEqualTo(7);
    }

    @Test
    void aLoneReceiptIsSentWhenItsWaitIsOver() throws Exception {
        outbox.start();

        record(receipts(1));

        await().atMost(BOUND).until(() -> answered().size() == 1 && queued() == 0);
        assertThat(authority.answeredBatches()).hasSize(1);
    }

    @Test
    void whileTheAuthorityIsDownReceiptsWaitAndTheAuthorityIsAskedLessAndLessOften() throws Exception {
        authority.available(false);
        List<Receipt> receipts = receipts(7);
        record(receipts);
        outbox.start();

        // watched for a while: retries happen, with a delay that doubles (100 ms, 200 ms, 400 ms, …), never in a loop
        await().atMost(BOUND).until(() -> authority.receiptRequests() >= 6);
        int before = authority.receiptRequests();
        await().during(Duration.ofMillis(1500)).atMost(BOUND).until(() -> answered().isEmpty());
        assertThat(authority.receiptRequests() - before).isLessThan(40);
        assertThat(metricFactory.countFor(CiersMetrics.RECEIPTS_RETRIED)).isGreaterThanOrEqualTo(7);

        authority.available(true);
        await().atMost(BOUND).until(() -> answered().size() == 7 && queued() == 0);
        assertThat(answered()).containsExactlyInAnyOrderElementsOf(receipts);
    }

    @Test
    void receiptsTheAuthorityDidNotAnswerForAreSentAgain() throws Exception {
        Set<MessageId> seen = ConcurrentHashMap.newKeySet();
        // answers for an ID only the second time it comes
        authority.receipts(request -> new ValidationReceiptsResponse.Answered(request.receipts().stream()
            .filter(receipt -> !seen.add(receipt.messageId()))
            .map(receipt -> new ValidationReceiptsResponse.ReceiptOutcome(receipt.messageId(), ValidationReceiptsResponse.Outcome.COUNTED))
            .toList()));
        record(receipts(5));

        outbox.start();

        await().atMost(BOUND).until(() -> metricFactory.countFor(CiersMetrics.RECEIPTS_COUNTED) == 5 && queued() == 0);
        assertThat(metricFactory.countFor(CiersMetrics.RECEIPTS_RETRIED)).isEqualTo(5);
        assertThat(metricFactory.countFor(CiersMetrics.RECEIPTS_SENT)).isEqualTo(10);
    }

    @Test
    void duplicateAndInvalidReceiptsLeaveTheQueueAndAreCountedApart() throws Exception {
        authority.receipts(request -> new ValidationReceiptsResponse.Answered(request.receipts().stream()
            .map(receipt -> new ValidationReceiptsResponse.ReceiptOutcome(receipt.messageId(),
                receipt.messageId().asString().endsWith("1") ? ValidationReceiptsResponse.Outcome.INVALID
                    : ValidationReceiptsResponse.Outcome.DUPLICATE))
            .toList()));
        record(receipts(4));

        outbox.start();

        await().atMost(BOUND).until(() -> queued() == 0 && metricFactory.countFor(CiersMetrics.RECEIPTS_DUPLICATE) == 3);
        assertThat(metricFactory.countFor(CiersMetrics.RECEIPTS_INVALID)).isEqualTo(1);
        assertThat(metricFactory.countFor(CiersMetrics.RECEIPTS_COUNTED)).isZero();
        assertThat(metricFactory.countFor(CiersMetrics.RECEIPTS_RETRIED)).isZero();
    }

    @Test
    void receiptsRefusedForThisServersCredentialsAreKeptUntilTheAuthorityTakesThem() throws Exception {
        authority.receipts(request -> new ValidationReceiptsResponse.NotAuthorized());
        List<Receipt> receipts = receipts(2);
        record(receipts);
        outbox.start();

        await().atMost(BOUND).until(() -> authority.receiptRequests() >= 2);
        assertThat(metricFactory.countFor(CiersMetrics.RECEIPTS_COUNTED)).isZero();
        assertThat(queued()).isGreaterThanOrEqualTo(2);

        authority.receipts(FakeAuthority::countEvery);
        await().atMost(BOUND).until(() -> metricFactory.countFor(CiersMetrics.RECEIPTS_COUNTED) == 2 && queued() == 0);
    }

    @Test
    void receiptsQueuedBeforeARestartAreSentByTheNextOutbox() throws Exception {
        List<Receipt> receipts = receipts(4);
        record(receipts);
        outbox.close();

        outbox = outbox();
        assertThat(queued()).isEqualTo(4);
        outbox.start();

        await().atMost(BOUND).until(() -> answered().size() == 4 && queued() == 0);
        assertThat(answered()).containsExactlyInAnyOrderElementsOf(receipts);
    }

    @Test
    void receiptsAnsweredBeforeARestartAreNotSentAgain() throws Exception {
        outbox.start();
        record(receipts(3));
        await().atMost(BOUND).until(() -> answered().size() == 3 && queued() == 0);
        outbox.close();

        outbox = outbox();
        List<Receipt> later = receipts(5).subList(3, 5);
        record(later);
        outbox.start();

        await().atMost(BOUND).until(() -> answered().size() == 5 && queued() == 0);
        assertThat(answered().subList(3, 5)).containsExactlyInAnyOrderElementsOf(later);
    }

    @Test
    void aReceiptThatCannotBeWrittenFailsItsRecording() throws Exception {
        outbox.close();

        assertThatThrownBy(() -> outbox.record(receipts(1).get(0))).isInstanceOf(IOException.class);
    }

    @Test
    void startingTwiceStartsOneSender() throws Exception {
        outbox.start();
        outbox.start();
        record(receipts(3));

        await().atMost(BOUND).until(() -> answered().size() == 3 && queued() == 0);
        assertThat(answered()).hasSize(3);
    }
}
