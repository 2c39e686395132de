package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.ciers.authority.model.AnalyticsRecord;
import org.ciers.authority.model.QueuedAnalyticsRecord;
import org.junit.jupiter.api.Test;

public interface AnalyticsOutboxStoreContract extends Fixtures {
    AnalyticsOutboxStore analyticsOutboxStore();

    static AnalyticsRecord report(int n) {
        return new AnalyticsRecord(AnalyticsRecord.Index.REPORTS, "id-" + n, n, "{\"n\":" + n + "}");
    }

    private List<AnalyticsRecord> pendingRecords(int limit) {
        return analyticsOutboxStore().pending(limit).map(QueuedAnalyticsRecord::record).collectList().block();
    }

    @Test
    default void recordsWaitInTheOrderTheyCameAcrossAdditions() {
        analyticsOutboxStore().add(List.of(report(3), report(1))).block();
        analyticsOutboxStore().add(List.of(new AnalyticsRecord(AnalyticsRecord.Index.AUDIT, "a", 0, "{}"))).block();

        assertThat(pendingRecords(10)).containsExactly(report(3), report(1), new AnalyticsRecord(AnalyticsRecord.Index.AUDIT, "a", 0, "{}"));
        assertThat(analyticsOutboxStore().countPending().block()).isEqualTo(3);
    }

    @Test
    default void pendingReturnsAtMostTheLimitOldestFirst() {
        analyticsOutboxStore().add(IntStream.range(0, 5).mapToObj(AnalyticsOutboxStoreContract::report).toList()).block();

        assertThat(pendingRecords(2)).containsExactly(report(0), report(1));
    }

    @Test
    default void removedRecordsStopWaitingAndTheRestKeepTheirOrder() {
        analyticsOutboxStore().add(IntStream.range(0, 4).mapToObj(AnalyticsOutboxStoreContract::report).toList()).block();

        analyticsOutboxStore().remove(analyticsOutboxStore().pending(2).collectList().block()).block();
        analyticsOutboxStore().add(List.of(report(9))).block();

        assertThat(pendingRecords(10)).containsExactly(report(2), report(3), report(9));
        assertThat(analyticsOutboxStore().countPending().block()).isEqualTo(3);
    }

    @Test
    default void removingTwiceIsHarmless() {
        analyticsOutboxStore().add(List.of(report(1), report(2))).block();
        List<QueuedAnalyticsRecord> first = analyticsOutboxStore().pending(1).collectList().block();

        analyticsOutboxStore().remove(first).block();
        analyticsOutboxStore().remove(first).block();

        assertThat(pendingRecords(10)).containsExactly(report(2));
    }

    @Test
    default void anEmptyOutboxHasNothingPending() {
        assertThat(pendingRecords(10)).isEmpty();
        assertThat(analyticsOutboxStore().countPending().block()).isZero();
    }
}
