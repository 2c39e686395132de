package org.ciers.authority.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.ciers.authority.model.AuditEntry;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.model.RegisteredDomain;
import org.ciers.authority.model.ReportState;
import org.ciers.authority.model.SpamReport;
import org.ciers.authority.model.TrustCounters;
import org.ciers.authority.model.ValidationReceipt;
import org.ciers.authority.store.AnalyticsOutboxStore;
import org.ciers.authority.store.AuditLogStore;
import org.ciers.authority.store.AuthorityStores;
import org.ciers.authority.store.DomainStore;
import org.ciers.authority.store.ReceiptStore;
import org.ciers.authority.store.ReportStore;
import org.ciers.authority.store.TrustCounterStore;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where analytics hears of events: the report and audit stores queue the record of what they stored
 * in the analytics outbox, in the same step, before the caller is answered; the trust counters mark
 * their domain touched for the next daily figures. Decorating the stores keeps every path that files
 * a report, refutes it or audits an action (protocol, relay, portal, operator) recorded without
 * each knowing of analytics. Receipts, which count transmissions too, touch their sender domain.
 */
public final class AnalyticsRecording {
    private static final Logger LOGGER = LoggerFactory.getLogger(AnalyticsRecording.class);

    private AnalyticsRecording() {
    }

    /** The same stores, recording for analytics. */
    public static AuthorityStores wrap(AuthorityStores stores, TouchedDomains touched) {
        return new AuthorityStores(stores.organizations(), stores.domains(), stores.transmissions(),
            new RecordingReportStore(stores.reports(), stores.domains(), stores.analyticsOutbox()),
            new TouchingTrustCounterStore(stores.trustCounters(), touched),
            stores.accounts(), stores.codes(), stores.sessions(), stores.domainRequests(), stores.certificates(),
            new RecordingAuditLogStore(stores.auditLog(), stores.analyticsOutbox()),
            stores.signingKeys(), new TouchingReceiptStore(stores.receipts(), touched), stores.peers(), stores.peerOutbox(),
            stores.analyticsOutbox(), stores.dailyFigures());
    }

    /** The organization a sender domain belongs to, if it is (still) registered here. */
    static Mono<Optional<OrganizationId>> organization(DomainStore domains, DomainName domain) {
        return domains.byName(domain).map(RegisteredDomain::organization).map(Optional::of).defaultIfEmpty(Optional.empty());
    }

    /**
     * A report's record is queued after it was stored. When the store says it filed nothing (the
     * report was filed before), the report as it stands is queued again: a caller retrying after a
     * failure between the two writes heals the copy (indexing is idempotent). A state change that
     * did not happen queues nothing (a repeated verdict must not grow the outbox). The outbox
     * failing never fails the caller: the report stands and counts; the copy misses it until the
     * caller retries or a rebuild (logged).
     */
    private record RecordingReportStore(ReportStore reports, DomainStore domains, AnalyticsOutboxStore outbox) implements ReportStore {
        @Override
        public Mono<Boolean> file(SpamReport report) {
            return reports.file(report).flatMap(filed -> recordCurrent(report.messageId()).thenReturn(filed));
        }

        @Override
        public Mono<SpamReport> get(MessageId messageId) {
            return reports.get(messageId);
        }

        @Override
        public Mono<Boolean> changeState(MessageId messageId, ReportState from, ReportState to, Instant at) {
            return reports.changeState(messageId, from, to, at)
                .flatMap(changed -> changed ? recordCurrent(messageId).thenReturn(true) : Mono.just(false));
        }

        @Override
        public Flux<SpamReport> listBySender(DomainName senderDomain) {
            return reports.listBySender(senderDomain);
        }

        private Mono<Void> recordCurrent(MessageId messageId) {
            return reports.get(messageId)
                .flatMap(current -> organization(domains, current.senderDomain())
                    .flatMap(organization -> outbox.add(List.of(AnalyticsDocuments.report(current, organization)))))
                .onErrorResume(failure -> {
                    LOGGER.warn("CIERS analytics: the report on {} was not queued for the index; a rebuild adds it", messageId.asString(),
                        failure);
                    return Mono.empty();
                });
        }
    }

    private record RecordingAuditLogStore(AuditLogStore log, AnalyticsOutboxStore outbox) implements AuditLogStore {
        @Override
        public Mono<Void> append(AuditEntry entry) {
            return log.append(entry).then(Mono.defer(() -> outbox.add(List.of(AnalyticsDocuments.audit(entry))))
                .onErrorResume(failure -> {
                    LOGGER.warn("CIERS analytics: the audit event {} {} was not queued for the index; a rebuild adds it", entry.action(),
                        entry.subject(), failure);
                    return Mono.empty();
                }));
        }

        @Override
        public Flux<AuditEntry> latest(int limit) {
            return log.latest(limit);
        }
    }

    private record TouchingTrustCounterStore(TrustCounterStore counters, TouchedDomains touched) implements TrustCounterStore {
        @Override
        public Mono<Void> add(DomainName senderDomain, TrustCounters delta) {
            return counters.add(senderDomain, delta).doOnSuccess(any -> touched.touch(senderDomain));
        }

        @Override
        public Mono<TrustCounters> get(DomainName senderDomain) {
            return counters.get(senderDomain);
        }
    }

    private record TouchingReceiptStore(ReceiptStore receipts, TouchedDomains touched) implements ReceiptStore {
        @Override
        public Mono<Boolean> record(ValidationReceipt receipt) {
            return receipts.record(receipt).doOnNext(counted -> touched.touch(receipt.senderDomain()));
        }

        @Override
        public Mono<List<Boolean>> recordAll(List<ValidationReceipt> batch) {
            return receipts.recordAll(batch).doOnNext(counted -> batch.stream().map(ValidationReceipt::senderDomain).distinct()
                .forEach(touched::touch));
        }

        @Override
        public Mono<ValidationReceipt> get(MessageId messageId) {
            return receipts.get(messageId);
        }

        @Override
        public Mono<Long> counted(DomainName senderDomain) {
            return receipts.counted(senderDomain);
        }
    }
}
