package org.ciers.authority.store;

import java.util.Comparator;
import java.util.List;

import org.ciers.authority.model.Transmission;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The log of authorised transmissions. A transmission is kept for the {@link TransmissionRetention}
 * after it was issued, validated or not, and then forgotten: {@link #get}, {@link #listBySender} and
 * {@link #markValidated} no longer see it.
 */
public interface TransmissionStore {
    /** The order of {@link #listBySender}: newest first; of one millisecond, the greater message ID first. */
    Comparator<Transmission> NEWEST_FIRST = Comparator.comparing(Transmission::issuedAt, StoreOrder.TIME)
        .thenComparing(transmission -> transmission.messageId().asString(), StoreOrder.TEXT)
        .reversed();

    /** Logs the transmission for the retention, counted from now. */
    Mono<Void> issue(Transmission transmission);

    /** Logs transmissions issued together (one {@code auth_to_send} with a count), as {@link #issue} each; a twin may batch them. */
    default Mono<Void> issueAll(List<Transmission> issued) {
        return Flux.fromIterable(issued).flatMap(this::issue).then();
    }

    /** Empty when unknown or no longer kept. */
    Mono<Transmission> get(MessageId messageId);

    /**
     * Records the single match of a transmission. Atomic: of any number of concurrent calls for one
     * message ID, exactly one gets true, and only while the transmission exists and is unvalidated.
     */
    Mono<Boolean> markValidated(MessageId messageId, Transmission.Validation validation);

    /** The kept transmissions a domain sent, in {@link #NEWEST_FIRST} order. */
    Flux<Transmission> listBySender(DomainName senderDomain);
}
