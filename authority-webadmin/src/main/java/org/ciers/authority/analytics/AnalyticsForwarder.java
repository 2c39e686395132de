package org.ciers.authority.analytics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicReference;

import org.ciers.authority.model.AnalyticsRecord;
import org.ciers.authority.model.QueuedAnalyticsRecord;
import org.ciers.authority.store.AnalyticsOutboxStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves what waits in the analytics outbox to the index, oldest first, a bulk request per batch. A
 * batch leaves the outbox only once the index took it; an index that does not answer is tried again
 * after a doubling delay, up to the configured maximum: nothing is lost, and the wait shows in the
 * health check. Run by {@link Analytics}'s thread, never on a protocol path.
 */
class AnalyticsForwarder {
    private static final Logger LOGGER = LoggerFactory.getLogger(AnalyticsForwarder.class);
    static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(1);

    private final AnalyticsOutboxStore outbox;
    private final AnalyticsIndex index;
    private final AnalyticsConfiguration configuration;
    private final Clock clock;
    private final AtomicLong indexed = new AtomicLong();
    private final AtomicReference<Optional<Failure>> failure = new AtomicReference<>(Optional.empty());
    /** Touched by the analytics thread only. */
    private boolean prepared;

    /** The index's last failure, and when to try again. */
    record Failure(String reason, Instant since, Instant nextAttempt, Duration delay) {
    }

    AnalyticsForwarder(AnalyticsOutboxStore outbox, AnalyticsIndex index, AnalyticsConfiguration configuration, Clock clock) {
        this.outbox = outbox;
        this.index = index;
        this.configuration = configuration;
        this.clock = clock;
    }

    /**
     * Forwards batches until the outbox is empty, the index fails or {@code paused} says so (a rebuild
     * runs); the indices are prepared first, once; while it waits to retry after a failure, does nothing.
     */
    void forwardAll(BooleanSupplier paused) {
        Optional<Failure> last = failure.get();
        if (last.isPresent() && clock.instant().isBefore(last.get().nextAttempt())) {
            return;
        }
        try {
            if (!prepared) {
                index.prepare();
                prepared = true;
            }
            while (!paused.getAsBoolean() && forwardBatch()) {
                // a full batch: more may wait
            }
            if (last.isPresent()) {
                LOGGER.info("CIERS analytics: the index answers again");
            }
            failure.set(Optional.empty());
        } catch (RuntimeException e) {
            Duration delay = last.map(previous -> min(previous.delay().multipliedBy(2), configuration.maxRetryDelay())).orElse(FIRST_RETRY_DELAY);
            Instant now = clock.instant();
            failure.set(Optional.of(new Failure(String.valueOf(e.getMessage()), last.map(Failure::since).orElse(now), now.plus(delay), delay)));
            if (last.isEmpty()) {
                LOGGER.warn("CIERS analytics: the index did not take what waits; it stays in the outbox and is tried again", e);
            }
        }
    }

    /** Whether the batch was full. */
    private boolean forwardBatch() {
        List<QueuedAnalyticsRecord> batch = outbox.pending(configuration.batchSize()).collectList().block();
        if (batch == null || batch.isEmpty()) {
            return false;
        }
        List<AnalyticsRecord> records = batch.stream().map(QueuedAnalyticsRecord::record).toList();
        index.index(records);
        outbox.remove(batch).block();
        indexed.addAndGet(batch.size());
        return batch.size() == configuration.batchSize();
    }

    long indexed() {
        return indexed.get();
    }

    Optional<Failure> failure() {
        return failure.get();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
