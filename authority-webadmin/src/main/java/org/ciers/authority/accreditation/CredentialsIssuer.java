package org.ciers.authority.accreditation;

import java.util.UUID;

import javax.inject.Inject;

import org.ciers.authority.model.Account;
import org.ciers.authority.model.DomainRequest;
import org.ciers.authority.shared.AuditTrail;

import reactor.core.publisher.Mono;

/**
 * Gives an organization the server ID and passphrase of its approved domain: issued once (the
 * domain is accredited then), the passphrase never shown again.
 */
public class CredentialsIssuer {
    private final DomainRequests requests;
    private final Accreditation accreditation;
    private final AuditTrail audit;

    @Inject
    public CredentialsIssuer(DomainRequests requests, Accreditation accreditation, AuditTrail audit) {
        this.requests = requests;
        this.accreditation = accreditation;
        this.audit = audit;
    }

    public Mono<DomainCredentials> issue(Account account, UUID requestId) {
        return requests.own(account, requestId)
            .filter(request -> request.state() == DomainRequest.State.APPROVED)
            .switchIfEmpty(Mono.error(() -> new AccreditationException(AccreditationException.Reason.REQUEST_NOT_ALLOWED,
                "the request is not approved")))
            .flatMap(request -> accreditation.accreditDomain(request.organization(), request.domain(), request.mxHosts(), account.username())
                .flatMap(credentials -> audit.record(account.username(), "domain.credentials_issued", request.domain().asString())
                    .thenReturn(credentials)));
    }
}
