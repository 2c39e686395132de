package org.ciers.smtp.rmta.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.ciers.protocol.model.MessageId;
import org.ciers.smtp.rmta.offline.ReplayCache.Admission;
import org.junit.jupiter.api.Test;

class ReplayCacheTest {
    static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    static final Instant IN_AN_HOUR = NOW.plus(Duration.ofHours(1));

    static MessageId id(int n) {
        return MessageId.of(String.format("ciers.ID%030d", n));
    }

    @Test
    void anIdIsAdmittedOnceThenRefusedUntilItIsKeptNoLonger() {
        ReplayCache cache = new ReplayCache(10);

        assertThat(cache.admit(id(1), IN_AN_HOUR, NOW)).isEqualTo(Admission.FIRST_PRESENTATION);
        assertThat(cache.admit(id(1), IN_AN_HOUR, NOW.plusSeconds(3599))).isEqualTo(Admission.REPLAY);
        assertThat(cache.admit(id(2), IN_AN_HOUR, NOW)).isEqualTo(Admission.FIRST_PRESENTATION);
        assertThat(cache.admit(id(1), IN_AN_HOUR, IN_AN_HOUR)).isEqualTo(Admission.FIRST_PRESENTATION);
    }

    @Test
    void aFullCacheRefusesNewIdsAndSweepsExpiredOnesAtMostOnceASecond() {
        ReplayCache cache = new ReplayCache(2);
        Instant soon = NOW.plusSeconds(10);
        cache.admit(id(1), soon, NOW);
        cache.admit(id(2), soon, NOW);

        assertThat(cache.admit(id(3), IN_AN_HOUR, soon.minusMillis(500))).isEqualTo(Admission.FULL);
        assertThat(cache.held()).isEqualTo(2);
        // both expired, but the last sweep is less than a second old
        assertThat(cache.admit(id(3), IN_AN_HOUR, soon)).isEqualTo(Admission.FULL);
        assertThat(cache.admit(id(3), IN_AN_HOUR, soon.minusMillis(500).plus(ReplayCache.SWEEP_INTERVAL)))
            .isEqualTo(Admission.FIRST_PRESENTATION);
        assertThat(cache.held()).isEqualTo(1);
    }

    @Test
    void aFullCacheStillRecognisesReplays() {
        ReplayCache cache = new ReplayCache(1);
        cache.admit(id(1), IN_AN_HOUR, NOW);

        assertThat(cache.admit(id(1), IN_AN_HOUR, NOW)).isEqualTo(Admission.REPLAY);
        assertThat(cache.admit(id(2), IN_AN_HOUR, NOW)).isEqualTo(Admission.FULL);
    }

    @Test
    void growingKeepsEveryIdAndNeverHoldsMoreThanTheCapacity() {
        ReplayCache cache = new ReplayCache(5_000);
        for (int n = 0; n < 5_000; n++) {
            assertThat(cache.admit(id(n), IN_AN_HOUR, NOW)).isEqualTo(Admission.FIRST_PRESENTATION);
        }
        assertThat(cache.admit(id(5_000), IN_AN_HOUR, NOW)).isEqualTo(Admission.FULL);
        for (int n = 0; n < 5_000; n++) {
            assertThat(cache.admit(id(n), IN_AN_HOUR, NOW)).isEqualTo(Admission.REPLAY);
        }
        assertThat(cache.held()).isEqualTo(5_000);
    }

    @Test
    void expiredIdsMakeRoomAndShrinkTheTable() {
        ReplayCache cache = new ReplayCache(1_000);
        Instant soon = NOW.plusSeconds(60);
        for (int n = 0; n < 1_000; n++) {
            cache.admit(id(n), soon, NOW);
        }
        Instant later = soon.plusSeconds(1);
        for (int n = 1_000; n < 2_000; n++) {
            assertThat(cache.admit(id(n), IN_AN_HOUR, later)).isEqualTo(Admission.FIRST_PRESENTATION);
        }
        assertThat(cache.held()).isLessThanOrEqualTo(1_000);
        for (int n = 1_000; n < 2_000; n++) {
            assertThat(cache.admit(id(n), IN_AN_HOUR, later)).isEqualTo(Admission.REPLAY);
        }
    }

    @Test
    void aForgottenIdIsAdmittedAgain() {
        ReplayCache cache = new ReplayCache(10);
        cache.admit(id(1), IN_AN_HOUR, NOW);

        cache.forget(id(1));

        assertThat(cache.admit(id(1), IN_AN_HOUR, NOW)).isEqualTo(Admission.FIRST_PRESENTATION);
        assertThat(cache.admit(id(1), IN_AN_HOUR, NOW)).isEqualTo(Admission.REPLAY);
    }

    @Test
    void ofSessionsPresentingTheSameIdAtOnceExactlyOneIsAdmitted() throws Exception {
        ReplayCache cache = new ReplayCache(100_000);
        int ids = 2_000;
        int sessions = 4;
        Map<MessageId, AtomicInteger> admitted = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int session = 0; session < sessions; session++) {
                done.add(threads.submit(() -> {
                    start.await();
                    for (int n = 0; n < ids; n++) {
                        if (cache.admit(id(n), IN_AN_HOUR, NOW) == Admission.FIRST_PRESENTATION) {
                            admitted.computeIfAbsent(id(n), any -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> session : done) {
                session.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(admitted).hasSize(ids);
        assertThat(admitted.values()).allMatch(count -> count.get() == 1);
    }
}
