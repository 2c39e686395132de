package org.ciers.authority.store.memory;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.ciers.authority.model.ReportState;
import org.ciers.authority.model.SpamReport;
import org.ciers.authority.store.ReportStore;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public class MemoryReportStore implements ReportStore {
    private final ConcurrentHashMap<MessageId, SpamReport> reports = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<DomainName, Set<MessageId>> bySender = new ConcurrentHashMap<>();

    @Override
    public Mono<Boolean> file(SpamReport report) {
        return Mono.fromSupplier(() -> {
            boolean filed = reports.putIfAbsent(report.messageId(), report) == null;
            if (filed) {
                bySender.computeIfAbsent(report.senderDomain(), any -> ConcurrentHashMap.newKeySet()).add(report.messageId());
            }
            return filed;
        });
    }

    @Override
    public Mono<SpamReport> get(MessageId messageId) {
        return Mono.fromSupplier(() -> reports.get(messageId));
    }

    @Override
    public Mono<Boolean> changeState(MessageId messageId, ReportState from, ReportState to, Instant at) {
        return Mono.fromSupplier(() -> {
            AtomicBoolean changed = new AtomicBoolean(false);
            reports.computeIfPresent(messageId, (id, current) -> {
                if (current.state() != from) {
                    return current;
                }
                changed.set(true);
                return current.withState(to, at);
            });
            return changed.get();
        });
    }

    @Override
    public Flux<SpamReport> listBySender(DomainName senderDomain) {
        return Flux.defer(() -> Flux.fromStream(bySender.getOrDefault(senderDomain, Set.of()).stream()
            .map(reports::get)
            .sorted(NEWEST_FIRST)));
    }
}
