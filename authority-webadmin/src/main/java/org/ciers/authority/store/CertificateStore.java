package org.ciers.authority.store;

import org.ciers.authority.model.CaKeys;
import org.ciers.authority.model.IssuedCertificate;
import org.ciers.protocol.model.DomainName;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The authority CA's keys and the certificates it issued. */
public interface CertificateStore {
    /** Keeps the CA keys unless some are kept already; returns the kept ones (so all nodes share one CA). */
    Mono<CaKeys> initCa(CaKeys candidate);

    Mono<CaKeys> ca();

    Mono<Void> issued(IssuedCertificate certificate);

    Flux<IssuedCertificate> byDomain(DomainName domain);

    /** Marks every certificate of the domain revoked. */
    Mono<Void> revokeDomain(DomainName domain);
}
