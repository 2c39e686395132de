package org.ciers.authority.transmission;

import javax.inject.Inject;

import org.ciers.authority.model.Organization;
import org.ciers.authority.model.SpamReport;
import org.ciers.authority.shared.AuthorityMailer;
import org.ciers.authority.store.DomainStore;
import org.ciers.authority.store.OrganizationStore;
import org.ciers.protocol.model.TrustValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * Tells a sending organization's contact, by mail through the authority James's own mail
 * processing, that one of its messages was reported as spam (spec §5). The mail names the message,
 * never its content, which the authority never holds. A failure to send is logged; the report
 * stands either way.
 */
public class ReportNotifier {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReportNotifier.class);

    private final AuthorityMailer mailer;
    private final DomainStore domains;
    private final OrganizationStore organizations;

    @Inject
    public ReportNotifier(AuthorityMailer mailer, DomainStore domains, OrganizationStore organizations) {
        this.mailer = mailer;
        this.domains = domains;
        this.organizations = organizations;
    }

    public Mono<Void> reportFiled(SpamReport report, TrustValue trustNow) {
        return domains.byName(report.senderDomain())
            .flatMap(domain -> organizations.get(domain.organization()))
            .flatMap(organization -> mailer.send(organization.email(),
                "CIERS: a message from " + report.senderDomain().asString() + " was reported as spam", text(organization, report, trustNow)))
            .onErrorResume(error -> {
                LOGGER.error("CIERS: could not notify the contact of {} about the report on message_id {}", report.senderDomain(),
                    report.messageId(), error);
                return Mono.empty();
            })
            .then();
    }

    private static String text(Organization organization, SpamReport report, TrustValue trustNow) {
        return "Dear " + organization.contactName() + ",\n\n"
            + "a recipient reported a message sent by " + report.senderDomain().asString() + " as spam.\n\n"
            + "Message ID:       " + report.messageId().asString() + "\n"
            + "Sent:             " + report.sentAt() + "\n"
            + "Sending server:   " + report.senderServerId().asString() + "\n"
            + "Recipient domain: " + report.recipientDomain().asString() + "\n"
            + "Flagged:          " + report.reportedAt() + "\n"
            + "Trust value now:  " + trustNow + " of 20\n\n"
            + "If the message was legitimate, ask the recipient domain to mark it as not spam: a refuted report\n"
            + "weighs a quarter of a standing one. Your organization's flagged messages are listed at\n"
            + "GET /ciers/operator/organizations/" + organization.id().asString() + "/reports on the authority.\n";
    }
}
