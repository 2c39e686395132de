package org.ciers.authority.store;

import org.ciers.authority.model.TrustCounters;
import org.ciers.protocol.model.DomainName;

import reactor.core.publisher.Mono;

/** Per sender domain counters behind its trust value; updates add deltas and never recount. */
public interface TrustCounterStore {
    /** Adds the delta; concurrent additions are never lost. */
    Mono<Void> add(DomainName senderDomain, TrustCounters delta);

    /** The counters, {@link TrustCounters#ZERO} for a domain never seen. */
    Mono<TrustCounters> get(DomainName senderDomain);
}
