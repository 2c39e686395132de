package org.ciers.authority.store;

import java.util.Comparator;

import org.ciers.authority.model.Transmission;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The log of transmissions validated online ({@code trust_value}, spec §4): the single match and
 * the hash of the report token it gave. Issued IDs are not logged (spec §10: the signature proves
 * the issue) and offline validations are receipts ({@link ReceiptStore}), so the log holds only
 * what the online path needs. A validation is kept for the {@link TransmissionRetention} after it
 * was recorded, and then forgotten: {@link #get} and {@link #listBySender} no longer see it, and the
 * ID could be recorded again (it has long expired by then).
 */
public interface TransmissionStore {
    /** The order of {@link #listBySender}: newest first; of one millisecond, the greater message ID first. */
    Comparator<Transmission> NEWEST_FIRST = Comparator.comparing(Transmission::issuedAt, StoreOrder.TIME)
        .thenComparing(transmission -> transmission.messageId().asString(), StoreOrder.TEXT)
        .reversed();

    /**
     * Records the single match of a transmission, whose validation is present, for the retention
     * counted from now. Atomic: of any number of concurrent calls for one message ID, exactly one gets
     * true; the others get false and change nothing.
     */
    Mono<Boolean> recordValidation(Transmission validated);

    /** Empty when never validated online or no longer kept. */
    Mono<Transmission> get(MessageId messageId);

    /** The kept transmissions a domain sent, in {@link #NEWEST_FIRST} order. */
    Flux<Transmission> listBySender(DomainName senderDomain);
}
