package org.ciers.authority.accreditation;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.authority.model.Organization;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.model.RegisteredDomain;
import org.ciers.authority.security.PassphraseHasher;
import org.ciers.authority.security.SecretGenerator;
import org.ciers.authority.shared.AuditTrail;
import org.ciers.authority.shared.InvalidFieldException;
import org.ciers.authority.store.DomainStore;
import org.ciers.authority.store.OrganizationStore;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * Registers organizations and accredits their domains: a fresh server ID and passphrase from
 * {@link SecretGenerator}, the passphrase kept only as a slow salted hash, trust starting at 20.
 * Every action is logged with its actor, and goes to the audit log (the operator's too).
 */
@Singleton
public class Accreditation {
    private static final Logger LOGGER = LoggerFactory.getLogger(Accreditation.class);
    /** A server ID collision among 62^20 values is not expected; a few draws make it impossible in practice. */
    private static final int SERVER_ID_DRAWS = 3;

    private final OrganizationStore organizations;
    private final DomainStore domains;
    private final SecretGenerator secrets;
    private final PassphraseHasher hasher;
    private final Clock clock;
    private final AuditTrail audit;

    @Inject
    public Accreditation(OrganizationStore organizations, DomainStore domains, SecretGenerator secrets,
                         PassphraseHasher hasher, Clock clock, AuditTrail audit) {
        this.audit = audit;
        this.organizations = organizations;
        this.domains = domains;
        this.secrets = secrets;
        this.hasher = hasher;
        this.clock = clock;
    }

    public Mono<Organization> registerOrganization(OrganizationRequest request, String actor) {
        request.validate();
        Organization organization = new Organization(OrganizationId.random(), request.name().trim(), request.type().trim(),
            request.contactName().trim(), request.address().trim(), request.country().trim().toUpperCase(Locale.ROOT),
            request.email().trim(), request.phone().replaceAll("[\\s.-]", ""), clock.instant());
        return organizations.save(organization)
            .doOnSuccess(any -> LOGGER.info("organization {} ({}) registered by {}", organization.id().asString(), organization.name(), actor))
            .then(audit.record(actor, "organization.registered", organization.id().asString()))
            .thenReturn(organization);
    }

    public Mono<DomainCredentials> accreditDomain(OrganizationId organizationId, DomainName domain, List<String> mxHosts, String actor) {
        List<String> validatedMx = mxHosts.stream().map(host -> {
            try {
                return DomainName.of(host).asString();
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("mxHosts", "host names, e.g. mx.example.com");
            }
        }).toList();
        return organizations.get(organizationId)
            .switchIfEmpty(Mono.error(() -> new AccreditationException(AccreditationException.Reason.UNKNOWN_ORGANIZATION,
                "no organization " + organizationId.asString())))
            .flatMap(organization -> domains.byName(domain)
                .flatMap(existing -> Mono.<DomainCredentials>error(new AccreditationException(
                    AccreditationException.Reason.DOMAIN_ALREADY_REGISTERED, domain + " is already registered")))
                .switchIfEmpty(Mono.defer(() -> register(organization, domain, validatedMx, actor, SERVER_ID_DRAWS))));
    }

    /**
     * Its servers are refused on the protocol (auth_to_send, trust_value, receipts, reports) and the
     * IDs it holds are refused, by the authority at once and by receiving servers with their next
     * key set (spec §10's key set lists suspended senders), everywhere within the domain cache's TTL.
     */
    public Mono<Void> suspendDomains(OrganizationId organization, String actor) {
        return domains.byOrganization(organization)
            .concatMap(domain -> domains.setSuspended(domain.name(), true)
                .doOnNext(any -> LOGGER.info("domain {} suspended by {}", domain.name(), actor))
                .then(audit.record(actor, "domain.suspended", domain.name().asString())))
            .then();
    }

    private Mono<DomainCredentials> register(Organization organization, DomainName domain, List<String> mxHosts,
                                             String actor, int drawsLeft) {
        ServerId serverId = secrets.serverId();
        Passphrase passphrase = secrets.passphrase();
        RegisteredDomain registered = new RegisteredDomain(domain, organization.id(), serverId,
            hasher.hash(passphrase.reveal()), mxHosts, clock.instant());
        return domains.register(registered)
            .flatMap(done -> {
                if (done) {
                    LOGGER.info("domain {} accredited for organization {} by {}: server ID {}", domain,
                        organization.id().asString(), actor, serverId);
                    return audit.record(actor, "domain.accredited", domain.asString())
                        .thenReturn(new DomainCredentials(domain, serverId, passphrase, mxHosts));
                }
                // taken meanwhile: by the same name (a concurrent registration) or, in theory, the same server ID
                return domains.byName(domain)
                    .flatMap(existing -> Mono.<DomainCredentials>error(new AccreditationException(
                        AccreditationException.Reason.DOMAIN_ALREADY_REGISTERED, domain + " is already registered")))
                    .switchIfEmpty(Mono.defer(() -> drawsLeft > 1
                        ? register(organization, domain, mxHosts, actor, drawsLeft - 1)
                        : Mono.error(new IllegalStateException("no free server ID after " + SERVER_ID_DRAWS + " draws"))));
            });
    }
}
