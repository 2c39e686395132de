package org.ciers.smtp.rmta.receipts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.SignalType;

/**
 * Groups the items of a queue into batches of at most {@code batchSize}, each handed over when full or
 * {@code maxWait} after its first item, whichever comes first, to a handler that runs on one thread of
 * its own, one batch after the other. It asks the queue for an item only when there is room for it:
 * at most {@code batchSize} items are out of the queue at once, however slow the handler (Reactor's
 * {@code bufferTimeout} flushes on its timer whatever the demand, and fails when nobody asked).
 */
final class BatchingSubscriber<T> extends BaseSubscriber<T> {
    private static final Logger LOGGER = LoggerFactory.getLogger(BatchingSubscriber.class);

    private final int batchSize;
    private final Duration maxWait;
    private final Consumer<List<T>> handler;
    private final ScheduledExecutorService worker;
    private List<T> batch = new ArrayList<>();
    private ScheduledFuture<?> flushTimer;

    BatchingSubscriber(int batchSize, Duration maxWait, Consumer<List<T>> handler, String threadName) {
        this.batchSize = batchSize;
        this.maxWait = maxWait;
        this.handler = handler;
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        request(batchSize);
    }

    @Override
    protected void hookOnNext(T item) {
        List<T> full = null;
        synchronized (this) {
            batch.add(item);
            if (batch.size() >= batchSize) {
                full = take();
            } else if (batch.size() == 1) {
                flushTimer = worker.schedule(this::flushWhenDue, maxWait.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        if (full != null) {
            List<T> ready = full;
            worker.execute(() -> handle(ready));
        }
    }

    private void flushWhenDue() {
        List<T> due;
        synchronized (this) {
            due = take();
        }
        if (!due.isEmpty()) {
            handle(due);
        }
    }

    /** The batch so far, and a new one begun; called holding the lock. */
    private List<T> take() {
        List<T> taken = batch;
        batch = new ArrayList<>();
        if (flushTimer != null) {
            flushTimer.cancel(false);
            flushTimer = null;
        }
        return taken;
    }

    private void handle(List<T> ready) {
        try {
            handler.accept(ready);
        } catch (RuntimeException e) {
            LOGGER.error("CIERS: a batch of {} failed", ready.size(), e);
        } finally {
            // room for as many items as were handled
            request(ready.size());
        }
    }

    @Override
    protected void hookOnError(Throwable error) {
        LOGGER.error("CIERS: the queue stopped handing out items", error);
    }

    @Override
    protected void hookFinally(SignalType type) {
        worker.shutdown();
    }
}
