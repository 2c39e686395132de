package org.ciers.authority.accreditation;

import java.time.Clock;
import java.util.UUID;

import javax.inject.Inject;

import org.ciers.authority.model.DomainRequest;
import org.ciers.authority.model.OneTimeCode;
import org.ciers.authority.shared.AuditTrail;
import org.ciers.authority.shared.InvalidFieldException;
import org.ciers.authority.store.DomainRequestStore;

import reactor.core.publisher.Mono;

/**
 * Decides a domain request once (spec §2): the domain's contact approves or rejects by a mailed
 * link, or the domain is approved by its DNS proof or by an operator. The requester is told by mail;
 * then it takes the credentials ({@link CredentialsIssuer}) and the certificates of its MX hosts
 * ({@link MxCertificates}).
 */
public class DomainApproval {
    private final DomainRequestStore requests;
    private final OneTimeCodes codes;
    private final DomainRequestMails mails;
    private final AuditTrail audit;
    private final Clock clock;

    @Inject
    public DomainApproval(DomainRequestStore requests, OneTimeCodes codes, DomainRequestMails mails, AuditTrail audit, Clock clock) {
        this.requests = requests;
        this.codes = codes;
        this.mails = mails;
        this.audit = audit;
        this.clock = clock;
    }

    /** The contact's answer, from the mailed link. */
    public Mono<DomainRequest> decideByContact(UUID requestId, String code, boolean approve) {
        return codes.use(OneTimeCode.Purpose.DOMAIN_APPROVAL, requestId.toString(), code)
            .flatMap(valid -> valid
                ? decide(requestId, approve, "contact")
                : Mono.error(new InvalidFieldException("code", "wrong, expired or already used")));
    }

    /** Approval by an operator, or by the domain's DNS proof; {@code actor} says which, for the audit log. */
    public Mono<DomainRequest> approve(UUID requestId, String actor) {
        return decide(requestId, true, actor);
    }

    private Mono<DomainRequest> decide(UUID requestId, boolean approve, String actor) {
        DomainRequest.State state = approve ? DomainRequest.State.APPROVED : DomainRequest.State.REJECTED;
        return requests.decide(requestId, state, clock.instant())
            .flatMap(decided -> decided
                ? requests.get(requestId)
                : Mono.error(new AccreditationException(AccreditationException.Reason.REQUEST_NOT_ALLOWED,
                    "the request is unknown or already decided")))
            .flatMap(request -> audit.record(actor, approve ? "domain.approved" : "domain.rejected", request.domain().asString())
                .then(mails.tellRequester(request))
                .thenReturn(request));
    }
}
