package org.ciers.authority.transmission;

import javax.inject.Inject;

import org.ciers.authority.model.Organization;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.model.SpamReport;
import org.ciers.authority.shared.AuthorityMailer;
import org.ciers.authority.shared.NotFoundException;
import org.ciers.authority.store.DomainStore;
import org.ciers.authority.store.OrganizationStore;
import org.ciers.authority.store.ReportStore;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;

import reactor.core.publisher.Mono;

/**
 * A sending organization asks, by mail, the recipient domain's organization to look again at one of
 * its messages reported as spam (spec §5). Only the recipient side can refute a report; this only
 * asks it to.
 */
public class RefutationRequests {
    private final ReportStore reports;
    private final DomainStore domains;
    private final OrganizationStore organizations;
    private final AuthorityMailer mailer;

    @Inject
    public RefutationRequests(ReportStore reports, DomainStore domains, OrganizationStore organizations, AuthorityMailer mailer) {
        this.reports = reports;
        this.domains = domains;
        this.organizations = organizations;
        this.mailer = mailer;
    }

    /** Mails the recipient domain's organization; the recipient domain asked, or {@link NotFoundException}. */
    public Mono<DomainName> ask(OrganizationId sender, MessageId messageId) {
        return reports.get(messageId)
            .filterWhen(report -> domains.byName(report.senderDomain()).map(domain -> domain.organization().equals(sender))
                .defaultIfEmpty(false))
            .switchIfEmpty(Mono.error(() -> new NotFoundException("no report on " + messageId + " against this organization")))
            .flatMap(report -> organizations.get(sender)
                .flatMap(asking -> domains.byName(report.recipientDomain())
                    .flatMap(domain -> organizations.get(domain.organization()))
                    .switchIfEmpty(Mono.error(() -> new NotFoundException("the recipient domain is no longer registered")))
                    .flatMap(recipient -> mailer.send(recipient.email(), "CIERS: please look again at a message reported as spam",
                        text(asking, report)))
                    .thenReturn(report.recipientDomain())));
    }

    private static String text(Organization sender, SpamReport report) {
        return sender.name() + " (" + sender.email() + ") asks " + report.recipientDomain().asString() + " to look again at message "
            + report.messageId().asString() + ", sent by " + report.senderDomain().asString() + " on " + report.sentAt()
            + " and reported as spam on " + report.reportedAt() + ".\n"
            + "If it was not spam, mark it so (the recipient moves it out of Spam, or the administrator posts a not_spam verdict).\n";
    }
}
