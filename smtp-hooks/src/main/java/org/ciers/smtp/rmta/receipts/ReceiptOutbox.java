package org.ciers.smtp.rmta.receipts;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.filesystem.api.FileSystem;
import org.ciers.protocol.message.ValidationReceiptsRequest.Receipt;
import org.ciers.smtp.metrics.CiersMetrics;
import org.ciers.smtp.mta.MtaConfiguration;
import org.ciers.smtp.mta.RetryDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receipts of the message IDs this server validated offline (spec §10), on their way to the
 * authority. A receipt is written to this server's {@link ReceiptJournal} (in
 * {@code rmta.receipts.directory}) before the sender gets its 250, and stays there until the
 * authority has answered for it: receipts are sent in batches of {@code rmta.receipts.batch.size},
 * a batch that is not full waiting at most {@code rmta.receipts.delay}; a batch the authority did
 * not take (or the IDs of it it did not answer for) is sent again after {@code rmta.receipts.retry.delay},
 * doubling up to an hour. One thread sends, one batch after the other.
 */
@Singleton
public class ReceiptOutbox implements Closeable {
    /** How often the journal's written lines are put on the disk itself. */
    static final Duration FORCE_INTERVAL = Duration.ofSeconds(1);
    /** How long close waits for a batch being sent: the authority's timeout is 5 s by default. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private static final Logger LOGGER = LoggerFactory.getLogger(ReceiptOutbox.class);

    private final ReceiptJournal journal;
    private final ReceiptSender sender;
    private final MtaConfiguration.Receipts settings;
    private final RetryDelay retryDelay;
    private final CiersMetrics metrics;
    private final ScheduledThreadPoolExecutor worker;
    /** Its own thread: sends that wait for a slow authority never hold up putting the journal on the disk. */
    private final ScheduledExecutorService forcing;
    /** Receipts to send in the next batches, in the order they came. */
    private final Queue<ReceiptJournal.Entry> ready = new ConcurrentLinkedQueue<>();
    private final AtomicInteger readyCount = new AtomicInteger();
    private final AtomicBoolean timerArmed = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();

    @Inject
    public ReceiptOutbox(FileSystem fileSystem, ReceiptSender sender, MtaConfiguration configuration, CiersMetrics metrics)
        throws IOException {
        this(fileSystem.getFile(configuration.receipts().directory()).toPath(), sender, configuration, metrics);
    }

    public ReceiptOutbox(Path directory, ReceiptSender sender, MtaConfiguration configuration, CiersMetrics metrics) throws IOException {
        this.journal = ReceiptJournal.open(directory, configuration.receipts().maxOutstanding());
        this.sender = sender;
        this.settings = configuration.receipts();
        this.retryDelay = RetryDelay.upToAnHour(settings.retryDelay());
        this.metrics = metrics;
        this.worker = new ScheduledThreadPoolExecutor(1, daemon("ciers-receipts"));
        // at close, retries waiting for their time are dropped: the journal keeps their receipts
        worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.forcing = Executors.newSingleThreadScheduledExecutor(daemon("ciers-receipts-force"));
        for (ReceiptJournal.Entry recovered : journal.takeRecovered()) {
            ready.add(recovered);
            readyCount.incrementAndGet();
        }
    }

    /** Records the receipt; when this returns, a killed James still has it, and it is sent once the outbox is started. */
    public void record(Receipt receipt) throws IOException {
        ReceiptJournal.Entry entry = journal.append(receipt);
        metrics.receiptQueued();
        enqueue(entry);
    }

    /** Starts sending the recorded receipts, those left from before a restart included; starting again does nothing. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        forcing.scheduleWithFixedDelay(this::force, FORCE_INTERVAL.toMillis(), FORCE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        worker.execute(() -> sendReady(true));
    }

    /** Receipts recorded and not yet answered by the authority. */
    public int outstanding() {
        return journal.outstanding();
    }

    private void enqueue(ReceiptJournal.Entry entry) {
        ready.add(entry);
        int waiting = readyCount.incrementAndGet();
        if (!started.get()) {
            return;
        }
        if (waiting % settings.batchSize() == 0) {
            worker.execute(() -> sendReady(false));
        } else if (timerArmed.compareAndSet(false, true)) {
            worker.schedule(() -> {
                timerArmed.set(false);
                sendReady(true);
            }, settings.delay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Sends every full batch waiting, and the last one that is not full too when its wait is over. */
    private void sendReady(boolean evenIfNotFull) {
        while (readyCount.get() >= settings.batchSize() || (evenIfNotFull && readyCount.get() > 0)) {
            List<ReceiptJournal.Entry> batch = new ArrayList<>(settings.batchSize());
            ReceiptJournal.Entry next;
            while (batch.size() < settings.batchSize() && (next = ready.poll()) != null) {
                readyCount.decrementAndGet();
                batch.add(next);
            }
            if (batch.isEmpty()) {
                return;
            }
            send(batch, 0);
        }
    }

    /**
     * One batch, after {@code failures} attempts the authority did not take: each receipt it answered
     * for leaves the journal; the others are sent again later, together.
     */
    private void send(List<ReceiptJournal.Entry> batch, int failures) {
        ReceiptSender.Result result;
        try {
            result = sender.send(batch.stream().map(ReceiptJournal.Entry::receipt).toList());
        } catch (RuntimeException e) {
            result = new ReceiptSender.Result.NotTaken(e.toString());
        }
        List<ReceiptJournal.Entry> taken = new ArrayList<>();
        List<ReceiptJournal.Entry> notTaken = new ArrayList<>();
        for (ReceiptJournal.Entry entry : batch) {
            boolean answered = result instanceof ReceiptSender.Result.Answered outcomes
                && outcomes.outcomes().containsKey(entry.receipt().messageId());
            (answered ? taken : notTaken).add(entry);
        }
        journal.acknowledge(taken);
        if (!notTaken.isEmpty()) {
            String reason = result instanceof ReceiptSender.Result.NotTaken failed ? failed.reason() : "the authority did not answer for them";
            Duration delay = retryDelay.after(failures + 1);
            metrics.receiptsRetried(notTaken.size());
            LOGGER.warn("CIERS: the authority did not take {} receipts ({}); trying again in {}", notTaken.size(), reason, delay);
            worker.schedule(() -> send(notTaken, failures + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void force() {
        try {
            journal.force();
        } catch (IOException e) {
            LOGGER.error("CIERS: could not force the receipt journal to the disk", e);
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Stops sending and closes the journal. A batch being sent may finish (its answer is noted), but
     * the threads are not interrupted: an interrupt inside a file write would close the journal's file.
     */
    @Override
    public void close() {
        worker.shutdown();
        forcing.shutdown();
        try {
            if (!worker.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOGGER.warn("CIERS: a receipt batch was still being sent at close; its receipts are sent again after the restart");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journal.close();
    }
}
