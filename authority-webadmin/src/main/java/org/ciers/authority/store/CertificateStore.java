package org.ciers.authority.store;

import java.util.Comparator;

import org.ciers.authority.model.CaKeys;
import org.ciers.authority.model.IssuedCertificate;
import org.ciers.protocol.model.DomainName;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The authority CA's keys and the certificates it issued. */
public interface CertificateStore {
    /** The order of {@link #byDomain}: by MX host, then by serial number. */
    Comparator<IssuedCertificate> BY_MX_HOST_AND_SERIAL = Comparator.comparing(IssuedCertificate::mxHost, StoreOrder.TEXT)
        .thenComparing(IssuedCertificate::serial);

    /** Keeps the CA keys unless some are kept already; returns the kept ones (so all nodes share one CA). */
    Mono<CaKeys> initCa(CaKeys candidate);

    Mono<CaKeys> ca();

    Mono<Void> issued(IssuedCertificate certificate);

    /** The domain's certificates, revoked or not, {@link #BY_MX_HOST_AND_SERIAL}. */
    Flux<IssuedCertificate> byDomain(DomainName domain);

    /** Marks every certificate of the domain revoked. */
    Mono<Void> revokeDomain(DomainName domain);
}
