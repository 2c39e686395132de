package org.ciers.authority.store;

import org.ciers.authority.model.Transmission;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The log of authorised transmissions. */
public interface TransmissionStore {
    Mono<Void> issue(Transmission transmission);

    Mono<Transmission> get(MessageId messageId);

    /**
     * Records the single match of a transmission. Atomic: of any number of concurrent calls for one
     * message ID, exactly one gets true, and only while the transmission exists and is unvalidated.
     */
    Mono<Boolean> markValidated(MessageId messageId, Transmission.Validation validation);

    /** The transmissions a domain sent, newest first. */
    Flux<Transmission> listBySender(DomainName senderDomain);
}
