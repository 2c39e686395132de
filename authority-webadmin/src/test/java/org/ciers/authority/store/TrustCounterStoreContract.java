package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.ciers.authority.model.TrustCounters;
import org.junit.jupiter.api.Test;

/** What every {@link TrustCounterStore} twin must do. */
public interface TrustCounterStoreContract extends Fixtures {
    TrustCounterStore trustCounterStore();

    @Test
    default void anUnseenDomainHasZeroCounters() {
        assertThat(trustCounterStore().get(C).block()).isEqualTo(TrustCounters.ZERO);
    }

    @Test
    default void deltasAddUp() {
        trustCounterStore().add(A, TrustCounters.ONE_TRANSMISSION).block();
        trustCounterStore().add(A, TrustCounters.ONE_TRANSMISSION).block();
        trustCounterStore().add(A, TrustCounters.ONE_REPORT).block();
        trustCounterStore().add(A, TrustCounters.ONE_REPORT).block();
        trustCounterStore().add(A, TrustCounters.ONE_REFUTATION).block();
        trustCounterStore().add(B, TrustCounters.ONE_TRANSMISSION).block();

        assertThat(trustCounterStore().get(A).block()).isEqualTo(new TrustCounters(2, 1, 1));
        assertThat(trustCounterStore().get(B).block()).isEqualTo(new TrustCounters(1, 0, 0));
    }

    @Test
    default void concurrentIncrementsAreNeverLost() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> increments = IntStream.range(0, 400)
                .<Callable<Void>>mapToObj(i -> () -> trustCounterStore()
                    .add(A, i % 4 == 0 ? TrustCounters.ONE_REPORT : TrustCounters.ONE_TRANSMISSION).block())
                .toList();
            for (var result : pool.invokeAll(increments)) {
                result.get();
            }
            assertThat(trustCounterStore().get(A).block()).isEqualTo(new TrustCounters(300, 100, 0));
        } finally {
            pool.shutdownNow();
        }
    }
}
