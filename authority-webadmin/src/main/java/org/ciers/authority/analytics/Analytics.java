package org.ciers.authority.analytics;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.authority.store.AuthorityStores;
import org.ciers.authority.transmission.SenderTrust;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.settings.CiersProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authority's analytics, when {@code authority.analytics} names an index: one thread of its own
 * forwards the outbox to the index every second and takes the touched domains' daily figures every
 * interval; the operator's searches, rankings, histograms and rebuild go through here. Off, it does
 * nothing and its routes answer 404.
 */
@Singleton
public class Analytics {
    private static final Logger LOGGER = LoggerFactory.getLogger(Analytics.class);
    static final Duration POLL = Duration.ofSeconds(1);

    private final AnalyticsConfiguration configuration;
    private final AuthorityStores stores;
    private final Clock clock;
    private final Optional<AnalyticsIndex> index;
    private final Optional<AnalyticsForwarder> forwarder;
    private final Optional<DailyFiguresRecorder> recorder;
    private final AtomicReference<Optional<AnalyticsRebuild>> rebuild = new AtomicReference<>(Optional.empty());

    @Inject
    public Analytics(AnalyticsConfiguration configuration, CiersProperties settings, AuthorityStores stores, TouchedDomains touched, Clock clock) {
        this.configuration = configuration;
        this.stores = stores;
        this.clock = clock;
        this.index = configuration.enabled() ? Optional.of(createIndex(configuration, settings)) : Optional.empty();
        this.forwarder = index.map(engine -> new AnalyticsForwarder(stores.analyticsOutbox(), engine, configuration, clock));
        this.recorder = index.map(engine -> new DailyFiguresRecorder(touched, new SenderTrust(stores.trustCounters(), stores.receipts()), stores.dailyFigures(), stores.domains(),
            stores.analyticsOutbox(), clock));
        if (index.isPresent()) {
            ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread analytics = new Thread(runnable, "ciers-analytics");
                analytics.setDaemon(true);
                return analytics;
            });
            thread.scheduleWithFixedDelay(this::forward, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
            long interval = configuration.figuresInterval().toMillis();
            thread.scheduleWithFixedDelay(this::takeFigures, interval, interval, TimeUnit.MILLISECONDS);
            LOGGER.info("CIERS analytics: {}, daily figures every {}", configuration.kind(), configuration.figuresInterval());
        }
    }

    private static AnalyticsIndex createIndex(AnalyticsConfiguration configuration, CiersProperties settings) {
        List<String> kinds = new ArrayList<>();
        for (AnalyticsIndexFactory factory : ServiceLoader.load(AnalyticsIndexFactory.class, Analytics.class.getClassLoader())) {
            if (factory.kind().equals(configuration.kind())) {
                return factory.create(settings);
            }
            kinds.add(factory.kind());
        }
        throw new IllegalArgumentException(AnalyticsConfiguration.KIND + "=" + configuration.kind() + " but the installed analytics kinds are "
            + kinds + " (authority-opensearch must be in extensions-jars for opensearch)");
    }

    public boolean enabled() {
        return index.isPresent();
    }

    public AnalyticsConfiguration configuration() {
        return configuration;
    }

    /** The index; {@link IllegalStateException} when analytics is off. */
    public AnalyticsIndex index() {
        return index.orElseThrow(() -> new IllegalStateException("analytics is off (" + AnalyticsConfiguration.KIND + "=" + AnalyticsConfiguration.NONE + ")"));
    }

    public ReportPage reports(ReportQuery query) {
        return index().reports(query);
    }

    public List<Offender> topOffenders(LocalDate from, LocalDate to, long minTransmissions, int limit) {
        return index().topOffenders(from, to, minTransmissions, limit);
    }

    public List<DayFigures> histogram(DomainName domain, LocalDate from, LocalDate to) {
        return index().histogram(domain, from, to);
    }

    /** Records waiting for the index. */
    public long pending() {
        return stores.analyticsOutbox().countPending().block();
    }

    /** Records this node indexed since it started. */
    public long indexed() {
        return forwarder.map(AnalyticsForwarder::indexed).orElse(0L);
    }

    /** Why the index's last attempt failed, while it waits to be tried again. */
    public Optional<String> failure() {
        return forwarder.flatMap(AnalyticsForwarder::failure).map(AnalyticsForwarder.Failure::reason);
    }

    /** Starts a rebuild on a thread of its own; empty when one is running already. */
    public Optional<RebuildProgress> startRebuild(String actor) {
        AnalyticsRebuild started = new AnalyticsRebuild(stores, index(), configuration.batchSize(), clock, actor);
        Optional<AnalyticsRebuild> previous = rebuild.get();
        if (previous.map(AnalyticsRebuild::running).orElse(false) || !rebuild.compareAndSet(previous, Optional.of(started))) {
            return Optional.empty();
        }
        Thread thread = new Thread(started::run, "ciers-analytics-rebuild");
        thread.setDaemon(true);
        thread.start();
        return Optional.of(started.progress());
    }

    private boolean rebuilding() {
        return rebuild.get().map(AnalyticsRebuild::running).orElse(false);
    }

    /** The last rebuild's progress, if one ran since this node started. */
    public Optional<RebuildProgress> rebuildProgress() {
        return rebuild.get().map(AnalyticsRebuild::progress);
    }

    /** Takes the touched domains' daily figures now (the schedule does it every interval). */
    public int takeFigures() {
        try {
            return recorder.map(DailyFiguresRecorder::takeFigures).orElse(0);
        } catch (Throwable unexpected) {
            // a scheduled task that throws is never run again: log, and go on at the next interval
            LOGGER.error("CIERS analytics: taking the daily figures failed unexpectedly", unexpected);
            return 0;
        }
    }

    private void forward() {
        try {
            forwarder.ifPresent(engine -> engine.forwardAll(this::rebuilding));
        } catch (Throwable unexpected) {
            LOGGER.error("CIERS analytics: forwarding to the index failed unexpectedly", unexpected);
        }
    }
}
