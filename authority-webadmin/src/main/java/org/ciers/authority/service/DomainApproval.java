package org.ciers.authority.service;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;

import org.apache.james.dnsservice.api.DNSService;
import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.ca.CertificateAuthority;
import org.ciers.authority.model.Account;
import org.ciers.authority.model.DomainRequest;
import org.ciers.authority.model.IssuedCertificate;
import org.ciers.authority.model.OneTimeCode;
import org.ciers.authority.model.Organization;
import org.ciers.authority.model.RegisteredDomain;
import org.ciers.authority.security.SecretGenerator;
import org.ciers.authority.store.CertificateStore;
import org.ciers.authority.store.DomainRequestStore;
import org.ciers.authority.store.DomainStore;
import org.ciers.authority.store.OrganizationStore;
import org.ciers.protocol.model.DomainName;

import reactor.core.publisher.Mono;

/**
 * How an active organization gets a domain (spec §2): it asks; the domain's contact approves by a
 * mailed link, or the organization publishes {@code _ciers.<domain> TXT "ciers-verification=<token>"},
 * or an operator approves. Then the organization takes the server ID and passphrase (shown once)
 * and the certificates of its MX hosts.
 */
public class DomainApproval {
    public static final Duration APPROVAL_LINK_VALIDITY = Duration.ofDays(7);
    public static final String DNS_RECORD_PREFIX = "_ciers.";
    public static final String DNS_VALUE_PREFIX = "ciers-verification=";

    /** What the organization asks for. */
    public record DomainRequestInput(String domain, List<String> mxHosts, String proof, String contactEmail) {
    }

    private final DomainRequestStore requests;
    private final DomainStore domains;
    private final OrganizationStore organizations;
    private final CertificateStore certificates;
    private final Accreditation accreditation;
    private final CertificateAuthority ca;
    private final OneTimeCodes codes;
    private final AuthorityMailer mailer;
    private final AuditTrail audit;
    private final DNSService dns;
    private final SecretGenerator secrets;
    private final AuthorityConfiguration configuration;
    private final Clock clock;

    @Inject
    public DomainApproval(DomainRequestStore requests, DomainStore domains, OrganizationStore organizations, CertificateStore certificates,
                          Accreditation accreditation, CertificateAuthority ca, OneTimeCodes codes, AuthorityMailer mailer,
                          AuditTrail audit, DNSService dns, SecretGenerator secrets, AuthorityConfiguration configuration, Clock clock) {
        this.requests = requests;
        this.domains = domains;
        this.organizations = organizations;
        this.certificates = certificates;
        this.accreditation = accreditation;
        this.ca = ca;
        this.codes = codes;
        this.mailer = mailer;
        this.audit = audit;
        this.dns = dns;
        this.secrets = secrets;
        this.configuration = configuration;
        this.clock = clock;
    }

    public Mono<DomainRequest> request(Account account, DomainRequestInput input) {
        DomainName domain = domainName(input.domain(), "domain");
        List<String> mxHosts = Optional.ofNullable(input.mxHosts()).orElse(List.of()).stream()
            .map(host -> domainName(host, "mxHosts").asString()).toList();
        if (mxHosts.isEmpty()) {
            throw new InvalidFieldException("mxHosts", "at least one MX host name");
        }
        DomainRequest.Proof proof;
        try {
            proof = DomainRequest.Proof.valueOf(Optional.ofNullable(input.proof()).orElse("").trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("proof", "contact or dns");
        }
        String contactEmail = Optional.ofNullable(input.contactEmail()).orElse("").trim();
        if (proof == DomainRequest.Proof.CONTACT && !contactEmail.matches("[^@\\s]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}")) {
            throw new InvalidFieldException("contactEmail", "the email address of the domain's contact");
        }
        DomainRequest request = new DomainRequest(UUID.randomUUID(), domain, account.organization(), mxHosts, proof, contactEmail,
            java.util.HexFormat.of().formatHex(secrets.bytes(16)), DomainRequest.State.PENDING, clock.instant(), Optional.empty());
        return domains.byName(domain)
            .flatMap(existing -> Mono.<DomainRequest>error(new AccreditationException(AccreditationException.Reason.DOMAIN_ALREADY_REGISTERED,
                domain + " is already registered")))
            .switchIfEmpty(Mono.defer(() -> requests.save(request)
                .then(audit.record(account.username(), "domain.requested", domain.asString() + " by " + proof.name().toLowerCase(Locale.ROOT)))
                .then(proof == DomainRequest.Proof.CONTACT ? mailContact(request, account) : Mono.empty())
                .thenReturn(request)));
    }

    /** The contact's answer, from the mailed link. */
    public Mono<DomainRequest> decideByContact(UUID requestId, String code, boolean approve) {
        return codes.use(OneTimeCode.Purpose.DOMAIN_APPROVAL, requestId.toString(), code)
            .flatMap(valid -> valid
                ? decide(requestId, approve, "contact")
                : Mono.error(new InvalidFieldException("code", "wrong, expired or already used")));
    }

    /** Approves when {@code _ciers.<domain>} holds the request's token. */
    public Mono<DomainRequest> checkDns(Account account, UUID requestId) {
        return ownRequest(account, requestId)
            .flatMap(request -> {
                String expected = DNS_VALUE_PREFIX + request.dnsToken();
                boolean published = dns.findTXTRecords(DNS_RECORD_PREFIX + request.domain().asString()).stream()
                    .map(value -> value.replace("\"", "").trim())
                    .anyMatch(expected::equals);
                if (!published) {
                    return Mono.error(new InvalidFieldException("dns", DNS_RECORD_PREFIX + request.domain().asString() + " TXT \"" + expected
                        + "\" is not published (yet)"));
                }
                return decide(requestId, true, account.username() + " (dns)");
            });
    }

    public Mono<DomainRequest> approveByOperator(UUID requestId, String operator) {
        return decide(requestId, true, operator);
    }

    /** The server ID and passphrase of an approved domain: issued once, the passphrase never shown again. */
    public Mono<DomainCredentials> credentials(Account account, UUID requestId) {
        return ownRequest(account, requestId)
            .filter(request -> request.state() == DomainRequest.State.APPROVED)
            .switchIfEmpty(Mono.error(() -> new AccreditationException(AccreditationException.Reason.REQUEST_NOT_ALLOWED,
                "the request is not approved")))
            .flatMap(request -> accreditation.accreditDomain(request.organization(), request.domain(), request.mxHosts(), account.username())
                .flatMap(credentials -> audit.record(account.username(), "domain.credentials_issued", request.domain().asString())
                    .thenReturn(credentials)));
    }

    /** A certificate for one MX host of the organization's domain: from its CSR, or with a key made here (PKCS#12) when none. */
    public Mono<Object> certificate(Account account, DomainName domain, String mxHost, Optional<String> csr) {
        csr.ifPresent(ca::checkCsr);
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
                return Mono.fromCallable(() -> csr.<Object>map(pem -> ca.issue(domain, mxHost, pem))
                        .orElseGet(() -> ca.issueWithNewKey(domain, mxHost)))
                    .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
                    .flatMap(issued -> audit.record(account.username(), "certificate.issued", mxHost).thenReturn(issued));
            });
    }

    public Mono<List<IssuedCertificate>> certificates(Account account, DomainName domain) {
        return domains.byName(domain)
            .filter(registered -> registered.organization().equals(account.organization()))
            .map(RegisteredDomain::name)
            .flatMap(name -> certificates.byDomain(name).collectList())
            .defaultIfEmpty(List.of());
    }

    private Mono<DomainRequest> decide(UUID requestId, boolean approve, String actor) {
        DomainRequest.State state = approve ? DomainRequest.State.APPROVED : DomainRequest.State.REJECTED;
        return requests.decide(requestId, state, clock.instant())
            .flatMap(decided -> decided
                ? requests.get(requestId)
                : Mono.error(new AccreditationException(AccreditationException.Reason.REQUEST_NOT_ALLOWED,
                    "the request is unknown or already decided")))
            .flatMap(request -> audit.record(actor, approve ? "domain.approved" : "domain.rejected", request.domain().asString())
                .then(mailRequester(request))
                .thenReturn(request));
    }

    private Mono<DomainRequest> ownRequest(Account account, UUID requestId) {
        return requests.get(requestId)
            .filter(request -> request.organization().equals(account.organization()))
            .switchIfEmpty(Mono.error(() -> new AccreditationException(AccreditationException.Reason.REQUEST_NOT_ALLOWED,
                "no such request for this organization")));
    }

    private Mono<Void> mailContact(DomainRequest request, Account account) {
        return organizations.get(request.organization())
            .flatMap(organization -> codes.linkCode(OneTimeCode.Purpose.DOMAIN_APPROVAL, request.id().toString(), APPROVAL_LINK_VALIDITY)
                .flatMap(code -> {
                    String link = configuration.portalUrl() + "/ciers/portal/domain-approval?request=" + request.id() + "&code=" + code;
                    return mailer.send(request.contactEmail(), "CIERS: may " + organization.name() + " send mail for "
                            + request.domain().asString() + "?",
                        organization.name() + " (" + organization.email() + ") asks the CIERS authority to accredit\n"
                            + request.domain().asString() + " with the mail servers " + String.join(", ", request.mxHosts()) + ".\n\n"
                            + "Approve:  " + link + "&decision=approve\n"
                            + "Reject:   " + link + "&decision=reject\n\n"
                            + "Either link works once, for " + APPROVAL_LINK_VALIDITY.toDays() + " days.\n");
                }));
    }

    private Mono<Void> mailRequester(DomainRequest request) {
        return organizations.get(request.organization())
            .flatMap(organization -> mailer.send(organization.email(), "CIERS: " + request.domain().asString() + " was "
                    + (request.state() == DomainRequest.State.APPROVED ? "approved" : "rejected"),
                "Dear " + organization.contactName() + ",\n\nyour request to accredit " + request.domain().asString() + " was "
                    + request.state().name().toLowerCase(Locale.ROOT) + ".\n"
                    + (request.state() == DomainRequest.State.APPROVED
                        ? "Log in to the portal to take its server ID and passphrase (shown once) and its certificates.\n" : "")));
    }

    private static DomainName domainName(String value, String field) {
        try {
            return DomainName.of(Optional.ofNullable(value).orElse("").trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(field, "a domain name, e.g. mx.example.com");
        }
    }

    /** The operator removes a domain: its server ID stops working and its certificates are revoked. */
    public Mono<Boolean> remove(DomainName domain, String actor) {
        return domains.remove(domain)
            .flatMap(removed -> removed
                ? certificates.revokeDomain(domain)
                    .then(audit.record(actor, "domain.removed", domain.asString()))
                    .then(audit.record(actor, "certificates.revoked", domain.asString()))
                    .thenReturn(true)
                : Mono.just(false));
    }

    /** The organization's domain requests, newest first. */
    public reactor.core.publisher.Flux<DomainRequest> requests(Account account) {
        return requests.byOrganization(account.organization());
    }

    /** For the operator and the portal: the organization of an account. */
    public Mono<Organization> organization(Account account) {
        return organizations.get(account.organization());
    }
}
