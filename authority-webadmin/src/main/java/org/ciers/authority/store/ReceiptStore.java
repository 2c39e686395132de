package org.ciers.authority.store;

import java.util.List;

import org.ciers.authority.model.ValidationReceipt;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The receipts of offline validations and the count of validated transmissions they make (spec
 * §10). Every message ID counts exactly once for its sender domain, whatever the retries, the
 * duplicates (a second MX host) and the crashes; how soon a receipt shows in {@link #counted} is
 * the twin's business (at once in memory; after the next aggregation on Cassandra).
 */
public interface ReceiptStore {
    /**
     * Keeps the receipt. True when this ID had no receipt before (counted now); false when it had
     * one (a retried batch or a second MX host: a duplicate, counted once all the same).
     */
    Mono<Boolean> record(ValidationReceipt receipt);

    /**
     * Keeps the receipts of one batch: per receipt, in order, what {@link #record} would answer had
     * they come one after the other (an ID twice in the batch is a duplicate the second time). A twin
     * may write them in fewer round trips.
     */
    default Mono<List<Boolean>> recordAll(List<ValidationReceipt> receipts) {
        return Flux.fromIterable(receipts).concatMap(this::record).collectList();
    }

    /** The receipt that counted for this ID, the earliest to arrive; empty when none. */
    Mono<ValidationReceipt> get(MessageId messageId);

    /** Validated transmissions counted from receipts for this sender domain. */
    Mono<Long> counted(DomainName senderDomain);
}
