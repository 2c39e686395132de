package org.ciers.smtp.rmta.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;

class BatchingSubscriberTest {
    static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void fullBatchesGoAtOnceAndTheRestWhenItsWaitIsOver() {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        BatchingSubscriber<Integer> batching = new BatchingSubscriber<>(4, Duration.ofMillis(200), batches::add, "test-batches");

        Flux.range(1, 10).concatWith(Flux.never()).subscribe(batching);

        await().atMost(BOUND).until(() -> batches.size() == 3);
        assertThat(batches).containsExactly(List.of(1, 2, 3, 4), List.of(5, 6, 7, 8), List.of(9, 10));
        batching.dispose();
    }

    @Test
    void itTakesNoMoreFromTheQueueThanOneBatchWhileTheHandlerIsBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        AtomicLong requested = new AtomicLong();
        BatchingSubscriber<Integer> batching = new BatchingSubscriber<>(5, Duration.ofMillis(100), batch -> {
            batches.add(batch);
            waitFor(release);
        }, "test-batches");

        Flux.range(1, 1_000).doOnRequest(requested::addAndGet).subscribe(batching);

        await().atMost(BOUND).until(() -> batches.size() == 1);
        assertThat(requested.get()).isEqualTo(5);
        release.countDown();
        await().atMost(BOUND).until(() -> batches.size() == 200);
        assertThat(batches).allMatch(batch -> batch.size() == 5);
        batching.dispose();
    }

    @Test
    void aFailingHandlerDoesNotStopTheBatches() {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        BatchingSubscriber<Integer> batching = new BatchingSubscriber<>(2, Duration.ofMillis(100), batch -> {
            batches.add(batch);
            if (batch.contains(1)) {
                throw new IllegalStateException("the first batch fails");
            }
        }, "test-batches");

        Flux.range(1, 6).subscribe(batching);

        await().atMost(BOUND).until(() -> batches.size() == 3);
        assertThat(batches).containsExactly(List.of(1, 2), List.of(3, 4), List.of(5, 6));
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            assertThat(latch.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
