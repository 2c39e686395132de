package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.ciers.authority.model.ValidationReceipt;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once counting: however often and wherever a receipt arrives, its ID counts once for its
 * sender domain. A twin may count a little later than it records ({@link #COUNTED_WITHIN}).
 */
public interface ReceiptStoreContract extends Fixtures {
    /** How long a twin may take before a recorded receipt shows in the count. */
    Duration COUNTED_WITHIN = Duration.ofSeconds(60);

    ReceiptStore receiptStore();

    static ValidationReceipt receipt(int n, long arrivedAfterSeconds) {
        return new ValidationReceipt(Fixtures.messageId(n), A, B, NOW.plusSeconds(n), NOW.plusSeconds(n + arrivedAfterSeconds));
    }

    private void awaitCounted(long a, long b) {
        Awaitility.await().atMost(COUNTED_WITHIN).untilAsserted(() -> {
            assertThat(receiptStore().counted(A).block()).isEqualTo(a);
            assertThat(receiptStore().counted(B).block()).isEqualTo(b);
        });
    }

    @Test
    default void theFirstReceiptCountsAndARepeatIsADuplicate() {
        assertThat(receiptStore().record(receipt(1, 1)).block()).isTrue();
        assertThat(receiptStore().record(receipt(1, 1)).block()).isFalse();
        assertThat(receiptStore().record(receipt(1, 90)).block()).isFalse();

        assertThat(receiptStore().get(Fixtures.messageId(1)).block()).isEqualTo(receipt(1, 1));
        awaitCounted(1, 0);
    }

    @Test
    default void aBatchIsAnsweredInOrderAsOneReceiptAfterTheOther() {
        receiptStore().record(receipt(1, 1)).block();

        // known before, new, new, and the second new one again within the batch
        List<Boolean> firsts = receiptStore().recordAll(List.of(receipt(1, 2), receipt(2, 2), receipt(3, 2), receipt(2, 3))).block();

        assertThat(firsts).containsExactly(false, true, true, false);
        assertThat(receiptStore().get(Fixtures.messageId(2)).block()).isEqualTo(receipt(2, 2));
        assertThat(receiptStore().recordAll(List.of()).block()).isEmpty();
        awaitCounted(3, 0);
    }

    @Test
    default void theSameIdFromASecondHostCountsOnce() {
        ValidationReceipt first = receipt(1, 1);
        ValidationReceipt secondHost = new ValidationReceipt(first.messageId(), A, B, NOW.plusSeconds(30), NOW.plusSeconds(31));

        receiptStore().record(first).block();
        assertThat(receiptStore().record(secondHost).block()).isFalse();

        assertThat(receiptStore().get(first.messageId()).block()).isEqualTo(first);
        awaitCounted(1, 0);
    }

    @Test
    default void distinctIdsCountForTheirOwnSenderDomain() {
        receiptStore().record(receipt(1, 1)).block();
        receiptStore().record(receipt(2, 1)).block();
        receiptStore().record(new ValidationReceipt(Fixtures.messageId(3), B, A, NOW, NOW.plusSeconds(1))).block();

        awaitCounted(2, 1);
        assertThat(receiptStore().get(Fixtures.messageId(4)).blockOptional()).isEmpty();
    }

    @Test
    default void concurrentRetriesOfManyIdsCountEachOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            // 50 IDs, each receipted four times from several threads and at several arrival times
            List<Callable<Boolean>> attempts = IntStream.range(0, 200)
                .<Callable<Boolean>>mapToObj(i -> () -> receiptStore().record(receipt(i % 50, i / 50)).block())
                .toList();
            for (Future<Boolean> attempt : pool.invokeAll(attempts)) {
                attempt.get();
            }
        } finally {
            pool.shutdownNow();
        }

        awaitCounted(50, 0);
    }
}
