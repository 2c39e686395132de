package org.ciers.authority.accreditation;

import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

import javax.inject.Inject;

import org.ciers.authority.model.Account;
import org.ciers.authority.model.DomainRequest;
import org.ciers.authority.security.SecretGenerator;
import org.ciers.authority.shared.AuditTrail;
import org.ciers.authority.store.DomainRequestStore;
import org.ciers.authority.store.DomainStore;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How an active organization asks for a domain (spec §2): the request waits for its proof, by the
 * domain's contact (mailed at once), by DNS ({@link DnsProof}) or by an operator ({@link DomainApproval}).
 */
public class DomainRequests {
    /** 128 random bits in the DNS TXT record that proves the domain. */
    private static final int DNS_TOKEN_BYTES = 16;

    private final DomainRequestStore requests;
    private final DomainStore domains;
    private final DomainRequestMails mails;
    private final AuditTrail audit;
    private final SecretGenerator secrets;
    private final Clock clock;

    @Inject
    public DomainRequests(DomainRequestStore requests, DomainStore domains, DomainRequestMails mails, AuditTrail audit,
                          SecretGenerator secrets, Clock clock) {
        this.requests = requests;
        this.domains = domains;
        this.mails = mails;
        this.audit = audit;
        this.secrets = secrets;
        this.clock = clock;
    }

    public Mono<DomainRequest> request(Account account, DomainRequestInput input) {
        DomainRequest request = input.toPendingRequest(account.organization(), HexFormat.of().formatHex(secrets.bytes(DNS_TOKEN_BYTES)),
            clock.instant());
        return domains.byName(request.domain())
            .flatMap(existing -> Mono.<DomainRequest>error(new AccreditationException(AccreditationException.Reason.DOMAIN_ALREADY_REGISTERED,
                request.domain() + " is already registered")))
            .switchIfEmpty(Mono.defer(() -> requests.save(request)
                .then(audit.record(account.username(), "domain.requested",
                    request.domain().asString() + " by " + request.proof().name().toLowerCase(Locale.ROOT)))
                .then(request.proof() == DomainRequest.Proof.CONTACT ? mails.askContact(request) : Mono.empty())
                .thenReturn(request)));
    }

    /** The organization's domain requests, newest first. */
    public Flux<DomainRequest> ofOrganization(Account account) {
        return requests.byOrganization(account.organization());
    }

    /** One of the account's organization's requests; refused when it is another organization's or unknown. */
    Mono<DomainRequest> own(Account account, UUID requestId) {
        return requests.get(requestId)
            .filter(request -> request.organization().equals(account.organization()))
            .switchIfEmpty(Mono.error(() -> new AccreditationException(AccreditationException.Reason.REQUEST_NOT_ALLOWED,
                "no such request for this organization")));
    }
}
