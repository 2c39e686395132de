package org.ciers.authority.accreditation;

import javax.inject.Inject;

import org.ciers.authority.shared.AuditTrail;
import org.ciers.authority.store.CertificateStore;
import org.ciers.authority.store.DomainStore;
import org.ciers.protocol.model.DomainName;

import reactor.core.publisher.Mono;

/** The operator removes a domain: its server ID stops working and its certificates are revoked. */
public class DomainRemoval {
    private final DomainStore domains;
    private final CertificateStore certificates;
    private final AuditTrail audit;

    @Inject
    public DomainRemoval(DomainStore domains, CertificateStore certificates, AuditTrail audit) {
        this.domains = domains;
        this.certificates = certificates;
        this.audit = audit;
    }

    /** False when the domain was not accredited. */
    public Mono<Boolean> remove(DomainName domain, String actor) {
        return domains.remove(domain)
            .flatMap(removed -> removed
                ? certificates.revokeDomain(domain)
                    .then(audit.record(actor, "domain.removed", domain.asString()))
                    .then(audit.record(actor, "certificates.revoked", domain.asString()))
                    .thenReturn(true)
                : Mono.just(false));
    }
}
