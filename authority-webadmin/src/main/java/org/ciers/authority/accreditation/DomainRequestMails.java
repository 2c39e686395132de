package org.ciers.authority.accreditation;

import java.time.Duration;
import java.util.Locale;

import javax.inject.Inject;

import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.model.DomainRequest;
import org.ciers.authority.model.OneTimeCode;
import org.ciers.authority.shared.AuthorityMailer;
import org.ciers.authority.store.OrganizationStore;

import reactor.core.publisher.Mono;

/**
 * The mails of a domain request: the domain's contact is asked to approve or reject (one-time
 * links into the portal), and the requesting organization is told the outcome.
 */
public class DomainRequestMails {
    public static final Duration APPROVAL_LINK_VALIDITY = Duration.ofDays(7);

    private final OrganizationStore organizations;
    private final OneTimeCodes codes;
    private final AuthorityMailer mailer;
    private final AuthorityConfiguration configuration;

    @Inject
    public DomainRequestMails(OrganizationStore organizations, OneTimeCodes codes, AuthorityMailer mailer,
                              AuthorityConfiguration configuration) {
        this.organizations = organizations;
        this.codes = codes;
        this.mailer = mailer;
        this.configuration = configuration;
    }

    Mono<Void> askContact(DomainRequest request) {
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

    Mono<Void> tellRequester(DomainRequest request) {
        return organizations.get(request.organization())
            .flatMap(organization -> mailer.send(organization.email(), "CIERS: " + request.domain().asString() + " was "
                    + (request.state() == DomainRequest.State.APPROVED ? "approved" : "rejected"),
                "Dear " + organization.contactName() + ",\n\nyour request to accredit " + request.domain().asString() + " was "
                    + request.state().name().toLowerCase(Locale.ROOT) + ".\n"
                    + (request.state() == DomainRequest.State.APPROVED
                        ? "Log in to the portal to take its server ID and passphrase (shown once) and its certificates.\n" : "")));
    }
}
