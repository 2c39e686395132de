package org.ciers.authority.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.ciers.authority.model.AnalyticsRecord;
import org.ciers.authority.model.AuditEntry;
import org.ciers.authority.model.QueuedAnalyticsRecord;
import org.ciers.authority.model.ReportState;
import org.ciers.authority.model.SpamReport;
import org.ciers.authority.store.AnalyticsOutboxStore;
import org.ciers.authority.store.AuthorityStores;
import org.ciers.authority.store.memory.MemoryAnalyticsOutboxStore;
import org.ciers.authority.store.memory.MemoryStoresFactory;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class AnalyticsRecordingTest {
    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    static final SpamReport REPORT = new SpamReport(MessageId.of("ciers.RECORDING0000000000000000000001"), ServerId.of("AAAAAAAAAAAAAAAAAAAA"),
        DomainName.of("a.example"), DomainName.of("b.example"), NOW, NOW, ReportState.STANDING, NOW);

    /** An outbox whose store fails, as a Cassandra write may. */
    static final class FailingOutbox implements AnalyticsOutboxStore {
        @Override
        public Mono<Void> add(List<AnalyticsRecord> records) {
            return Mono.error(new IllegalStateException("the store does not answer"));
        }

        @Override
        public Flux<QueuedAnalyticsRecord> pending(int limit) {
            return Flux.empty();
        }

        @Override
        public Mono<Void> remove(List<QueuedAnalyticsRecord> indexed) {
            return Mono.empty();
        }

        @Override
        public Mono<Long> countPending() {
            return Mono.just(0L);
        }
    }

    static AuthorityStores recording(AnalyticsOutboxStore outbox) {
        AuthorityStores memory = MemoryStoresFactory.stores(Duration.ofDays(1), Clock.systemUTC());
        return AnalyticsRecording.wrap(new AuthorityStores(memory.organizations(), memory.domains(), memory.transmissions(), memory.reports(),
            memory.trustCounters(), memory.accounts(), memory.codes(), memory.sessions(), memory.domainRequests(), memory.certificates(),
            memory.auditLog(), memory.signingKeys(), memory.receipts(), memory.peers(), memory.peerOutbox(), outbox, memory.dailyFigures()),
            new TouchedDomains(Clock.systemUTC()));
    }

    static List<AnalyticsRecord> queued(AuthorityStores stores) {
        return stores.analyticsOutbox().pending(100).map(QueuedAnalyticsRecord::record).collectList().block();
    }

    @Test
    void aFailingOutboxNeverFailsTheReportNorTheAuditedAction() {
        AuthorityStores stores = recording(new FailingOutbox());

        assertThat(stores.reports().file(REPORT).block()).isTrue();
        assertThat(stores.reports().changeState(REPORT.messageId(), ReportState.STANDING, ReportState.REFUTED, NOW).block()).isTrue();
        stores.auditLog().append(new AuditEntry(NOW, "webadmin", "domain.suspended", "a.example")).block();

        assertThat(stores.reports().get(REPORT.messageId()).block().state()).isEqualTo(ReportState.REFUTED);
        assertThat(stores.auditLog().latest(10).collectList().block()).hasSize(1);
    }

    @Test
    void eachChangeIsQueuedARepeatedFilingQueuesTheReportAsItStandsAndARefusedChangeNothing() {
        AuthorityStores stores = recording(new MemoryAnalyticsOutboxStore());

        stores.reports().file(REPORT).block();
        stores.reports().changeState(REPORT.messageId(), ReportState.STANDING, ReportState.REFUTED, NOW.plusSeconds(1)).block();
        // a verdict repeated: the state is refuted already; a report filed again
        stores.reports().changeState(REPORT.messageId(), ReportState.STANDING, ReportState.REFUTED, NOW.plusSeconds(2)).block();
        stores.reports().file(REPORT).block();

        List<AnalyticsRecord> records = queued(stores);
        assertThat(records).extracting(AnalyticsRecord::version)
            .containsExactly(NOW.toEpochMilli(), NOW.plusSeconds(1).toEpochMilli(), NOW.plusSeconds(1).toEpochMilli());
        assertThat(records.get(2).json()).contains("\"state\":\"refuted\"");
    }
}
