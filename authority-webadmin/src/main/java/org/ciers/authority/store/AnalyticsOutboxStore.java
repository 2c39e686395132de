package org.ciers.authority.store;

import java.util.List;

import org.ciers.authority.model.AnalyticsRecord;
import org.ciers.authority.model.QueuedAnalyticsRecord;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What waits to be indexed for analytics, durably: a report, refutation or audit event is queued
 * here in the same step as it is stored, and leaves only once the index took it. The search engine
 * being down or slow costs nothing: records wait. No lightweight transaction: a record indexed
 * twice (two nodes, a lost answer) is one document, by its ID and version.
 */
public interface AnalyticsOutboxStore {
    /** Queues records, in this order, after what waits already. */
    Mono<Void> add(List<AnalyticsRecord> records);

    /** At most {@code limit} waiting records, oldest first. */
    Flux<QueuedAnalyticsRecord> pending(int limit);

    /** The index took these records: they stop waiting. */
    Mono<Void> remove(List<QueuedAnalyticsRecord> indexed);

    /** How many records wait (an operator's figure: the store may count them one by one). */
    Mono<Long> countPending();
}
