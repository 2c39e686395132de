package org.ciers.authority.store;

import java.time.Instant;
import java.util.Comparator;

import org.ciers.authority.model.ReportState;
import org.ciers.authority.model.SpamReport;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Spam reports, at most one per message ID. */
public interface ReportStore {
    /** The order of {@link #listBySender}: newest report first; of one millisecond, the greater message ID first. */
    Comparator<SpamReport> NEWEST_FIRST = Comparator.comparing(SpamReport::reportedAt, StoreOrder.TIME)
        .thenComparing(report -> report.messageId().asString(), StoreOrder.TEXT)
        .reversed();

    /** Files the report; false, and nothing changed, when the message already has one. */
    Mono<Boolean> file(SpamReport report);

    Mono<SpamReport> get(MessageId messageId);

    /** Moves a report from one state to another; false when it is missing or not in {@code from}. */
    Mono<Boolean> changeState(MessageId messageId, ReportState from, ReportState to, Instant at);

    /** The reports against a sender domain, in {@link #NEWEST_FIRST} order. */
    Flux<SpamReport> listBySender(DomainName senderDomain);
}
