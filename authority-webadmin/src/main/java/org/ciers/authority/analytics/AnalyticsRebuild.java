package org.ciers.authority.analytics;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.ciers.authority.model.AnalyticsRecord;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.model.RegisteredDomain;
import org.ciers.authority.store.AuthorityStores;
import org.ciers.protocol.model.DomainName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;


/**
 * The operator's rebuild: every index deleted, created again and filled from the store with the
 * documents the live path builds, so that a rebuilt index holds what a live one held. Reports are
 * read per registered domain (those of a removed domain are left out), audit entries as far back as
 * the audit log shows them, every domain's daily figures. What is queued meanwhile waits, and is
 * indexed after: a record's version keeps the newer state.
 */
class AnalyticsRebuild {
    private static final Logger LOGGER = LoggerFactory.getLogger(AnalyticsRebuild.class);

    private final AuthorityStores stores;
    private final AnalyticsIndex index;
    private final int batchSize;
    private final Clock clock;
    private final String actor;
    private final Instant startedAt;
    private final AtomicLong reports = new AtomicLong();
    private final AtomicLong auditEvents = new AtomicLong();
    private final AtomicLong dailyFigures = new AtomicLong();
    private volatile String state = RebuildProgress.RUNNING;
    private volatile Optional<Instant> finishedAt = Optional.empty();
    private volatile Optional<String> failure = Optional.empty();

    AnalyticsRebuild(AuthorityStores stores, AnalyticsIndex index, int batchSize, Clock clock, String actor) {
        this.stores = stores;
        this.index = index;
        this.batchSize = batchSize;
        this.clock = clock;
        this.actor = actor;
        this.startedAt = clock.instant();
    }

    void run() {
        try {
            LOGGER.info("CIERS analytics: rebuild started by {}", actor);
            index.recreate();
            // one read of the domains serves the reports (per domain) and the figures' organizations
            List<RegisteredDomain> domains = stores.domains().list().collectList().block();
            Map<DomainName, OrganizationId> organizations = domains.stream()
                .collect(Collectors.toMap(RegisteredDomain::name, RegisteredDomain::organization));
            indexAll(Flux.fromIterable(domains)
                .concatMap(domain -> stores.reports().listBySender(domain.name())
                    .map(report -> AnalyticsDocuments.report(report, Optional.of(domain.organization())))), reports);
            indexAll(stores.auditLog().latest(Integer.MAX_VALUE).map(AnalyticsDocuments::audit), auditEvents);
            indexAll(stores.dailyFigures().all()
                .map(figures -> AnalyticsDocuments.daily(figures, Optional.ofNullable(organizations.get(figures.domain())))), dailyFigures);
            index.refresh();
            state = RebuildProgress.DONE;
            LOGGER.info("CIERS analytics: rebuild done: {} reports, {} audit events, {} daily figures", reports.get(), auditEvents.get(),
                dailyFigures.get());
        } catch (RuntimeException e) {
            failure = Optional.of(String.valueOf(e.getMessage()));
            state = RebuildProgress.FAILED;
            LOGGER.error("CIERS analytics: rebuild failed; run it again", e);
        } finally {
            finishedAt = Optional.of(clock.instant());
        }
    }

    /**
     * Indexes the records in bulk requests of the batch size, counting them. The bulk requests block:
     * never on the store's own threads (Cassandra's driver delivers rows on its I/O threads, which
     * the protocol's requests share).
     */
    private void indexAll(Flux<AnalyticsRecord> records, AtomicLong counter) {
        records.publishOn(Schedulers.boundedElastic())
            .buffer(batchSize)
            .doOnNext(batch -> {
                index.index(batch);
                counter.addAndGet(batch.size());
            })
            .blockLast();
    }

    boolean running() {
        return RebuildProgress.RUNNING.equals(state);
    }

    RebuildProgress progress() {
        return new RebuildProgress(state, actor, startedAt, finishedAt, reports.get(), auditEvents.get(), dailyFigures.get(), failure);
    }
}
