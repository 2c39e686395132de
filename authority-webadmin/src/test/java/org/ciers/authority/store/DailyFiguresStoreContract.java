package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;

import org.ciers.authority.model.DailyFigures;
import org.ciers.authority.model.TrustCounters;
import org.junit.jupiter.api.Test;

public interface DailyFiguresStoreContract extends Fixtures {
    LocalDate TODAY = LocalDate.ofInstant(NOW, ZoneOffset.UTC);

    DailyFiguresStore dailyFiguresStore();

    static DailyFigures figures(org.ciers.protocol.model.DomainName domain, LocalDate day, long start, long end) {
        return new DailyFigures(domain, day, new TrustCounters(start, 1, 0), new TrustCounters(end, 2, 1), NOW);
    }

    @Test
    default void figuresAreReadBackAndReplacedWhenTakenAgain() {
        dailyFiguresStore().put(figures(A, TODAY, 10, 20)).block();
        dailyFiguresStore().put(figures(A, TODAY, 10, 25)).block();

        assertThat(dailyFiguresStore().get(A, TODAY).block()).isEqualTo(figures(A, TODAY, 10, 25));
        assertThat(dailyFiguresStore().get(B, TODAY).block()).isNull();
    }

    @Test
    default void latestBeforeSkipsTheDayItselfAndGaps() {
        dailyFiguresStore().put(figures(A, TODAY.minusDays(5), 0, 5)).block();
        dailyFiguresStore().put(figures(A, TODAY.minusDays(2), 5, 8)).block();
        dailyFiguresStore().put(figures(A, TODAY, 8, 9)).block();
        dailyFiguresStore().put(figures(B, TODAY.minusDays(1), 0, 1)).block();

        assertThat(dailyFiguresStore().latestBefore(A, TODAY).block()).isEqualTo(figures(A, TODAY.minusDays(2), 5, 8));
        assertThat(dailyFiguresStore().latestBefore(A, TODAY.minusDays(5)).block()).isNull();
    }

    @Test
    default void listGivesTheDaysOfARangeOldestFirst() {
        for (int day = 0; day < 5; day++) {
            dailyFiguresStore().put(figures(A, TODAY.minusDays(day), day, day + 1)).block();
        }
        dailyFiguresStore().put(figures(B, TODAY, 0, 1)).block();

        assertThat(dailyFiguresStore().list(A, TODAY.minusDays(3), TODAY.minusDays(1)).collectList().block())
            .containsExactly(figures(A, TODAY.minusDays(3), 3, 4), figures(A, TODAY.minusDays(2), 2, 3), figures(A, TODAY.minusDays(1), 1, 2));
        assertThat(dailyFiguresStore().list(A, TODAY, TODAY.minusDays(1)).collectList().block()).isEmpty();
    }

    @Test
    default void allGivesEveryDomainsFigures() {
        dailyFiguresStore().put(figures(A, TODAY, 0, 1)).block();
        dailyFiguresStore().put(figures(A, TODAY.minusDays(1), 0, 1)).block();
        dailyFiguresStore().put(figures(B, TODAY, 0, 1)).block();

        assertThat(dailyFiguresStore().all().collectList().block()).containsExactlyInAnyOrder(
            figures(A, TODAY, 0, 1), figures(A, TODAY.minusDays(1), 0, 1), figures(B, TODAY, 0, 1));
    }
}
