package org.ciers.authority.accreditation;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.ciers.authority.accreditation.ca.CertificateIssuer;
import org.ciers.authority.accreditation.ca.GeneratedCertificate;
import org.ciers.authority.accreditation.ca.InvalidCsrException;
import org.ciers.authority.model.Account;
import org.ciers.authority.model.IssuedCertificate;
import org.ciers.authority.model.RegisteredDomain;
import org.ciers.authority.shared.AuditTrail;
import org.ciers.authority.shared.InvalidFieldException;
import org.ciers.authority.store.CertificateStore;
import org.ciers.authority.store.DomainStore;
import org.ciers.protocol.model.DomainName;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The certificates of an organization's MX hosts from the authority's CA: one valid certificate
 * per declared host of its own accredited domains, from the host's CSR or with a key made here.
 */
public class MxCertificates {
    private final DomainStore domains;
    private final CertificateStore certificates;
    private final CertificateIssuer issuer;
    private final AuditTrail audit;
    private final Clock clock;

    @Inject
    public MxCertificates(DomainStore domains, CertificateStore certificates, CertificateIssuer issuer, AuditTrail audit, Clock clock) {
        this.domains = domains;
        this.certificates = certificates;
        this.issuer = issuer;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A certificate for one MX host of the organization's domain: an {@link IssuedCertificate} from its
     * CSR, or a {@link GeneratedCertificate} (PKCS#12) with a key made here when there is no CSR.
     */
    public Mono<Object> issue(Account account, DomainName domain, String mxHost, Optional<String> csr) {
        try {
            csr.ifPresent(issuer::checkCsr);
        } catch (InvalidCsrException e) {
            throw csrField(e);
        }
        return domains.byName(domain)
            .filter(registered -> registered.organization().equals(account.organization()))
            .switchIfEmpty(Mono.error(() -> new AccreditationException(AccreditationException.Reason.REQUEST_NOT_ALLOWED,
                domain + " is not one of this organization's domains")))
            .filter(registered -> registered.mxHosts().contains(mxHost))
            .switchIfEmpty(Mono.error(() -> new InvalidFieldException("mxHost", "one of the domain's declared MX hosts")))
            .flatMap(registered -> certificates.byDomain(domain)
                .filter(certificate -> certificate.mxHost().equals(mxHost) && !certificate.revoked()
                    && certificate.notAfter().isAfter(clock.instant()))
                .hasElements())
            .flatMap(hasOne -> {
                if (hasOne) {
                    return Mono.error(new AccreditationException(AccreditationException.Reason.REQUEST_NOT_ALLOWED,
                        mxHost + " already has a valid certificate"));
                }
                // key generation and signing are CPU work and block on the store: off the caller's thread
                return Mono.fromCallable(() -> csr.<Object>map(pem -> issuer.issue(domain, mxHost, pem))
                        .orElseGet(() -> issuer.issueWithNewKey(domain, mxHost)))
                    .subscribeOn(Schedulers.boundedElastic())
                    .onErrorMap(InvalidCsrException.class, MxCertificates::csrField)
                    .flatMap(issued -> audit.record(account.username(), "certificate.issued", mxHost).thenReturn(issued));
            });
    }

    /** The certificates of one of the organization's domains; none for a domain that is not its own. */
    public Mono<List<IssuedCertificate>> of(Account account, DomainName domain) {
        return domains.byName(domain)
            .filter(registered -> registered.organization().equals(account.organization()))
            .map(RegisteredDomain::name)
            .flatMap(name -> certificates.byDomain(name).collectList())
            .defaultIfEmpty(List.of());
    }

    private static InvalidFieldException csrField(InvalidCsrException e) {
        return new InvalidFieldException("csr", e.getMessage());
    }
}
