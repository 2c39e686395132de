package org.ciers.authority.transmission;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.authority.model.TrustCounters;
import org.ciers.authority.store.ReceiptStore;
import org.ciers.authority.store.TrustCounterStore;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.TrustValue;

import reactor.core.publisher.Mono;

/**
 * A sender domain's counters as its trust is computed from them (spec §5): the reports and the
 * online validations of the {@link TrustCounterStore}, plus the transmissions counted from
 * receipts ({@link ReceiptStore}). auth_to_send reads them once per request, whatever its count:
 * a signed ID carries the trust of the moment it was issued.
 */
@Singleton
public class SenderTrust {
    private final TrustCounterStore counters;
    private final ReceiptStore receipts;

    @Inject
    public SenderTrust(TrustCounterStore counters, ReceiptStore receipts) {
        this.counters = counters;
        this.receipts = receipts;
    }

    /** The counters now, transmissions counted from receipts included. */
    public Mono<TrustCounters> counters(DomainName sender) {
        return Mono.zip(counters.get(sender), receipts.counted(sender))
            .map(both -> both.getT1().plus(new TrustCounters(both.getT2(), 0, 0)));
    }

    /** The trust to sign into new message IDs. */
    public Mono<TrustValue> forIssue(DomainName sender) {
        return counters(sender).map(TrustCounters::trustValue);
    }
}
