package org.ciers.authority.service;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.MailetContext;
import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.model.Organization;
import org.ciers.authority.model.SpamReport;
import org.ciers.authority.store.DomainStore;
import org.ciers.authority.store.OrganizationStore;
import org.ciers.protocol.model.TrustValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Tells a sending organization's contact, by mail through the authority James's own mail
 * processing, that one of its messages was reported as spam (spec §5). The mail names the message,
 * never its content, which the authority never holds. A failure to send is logged; the report
 * stands either way.
 */
public class ReportNotifier {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReportNotifier.class);

    private final MailetContext mail;
    private final DomainStore domains;
    private final OrganizationStore organizations;
    private final AuthorityConfiguration configuration;

    @Inject
    public ReportNotifier(MailetContext mail, DomainStore domains, OrganizationStore organizations, AuthorityConfiguration configuration) {
        this.mail = mail;
        this.domains = domains;
        this.organizations = organizations;
        this.configuration = configuration;
    }

    public Mono<Void> reportFiled(SpamReport report, TrustValue trustNow) {
        return domains.byName(report.senderDomain())
            .flatMap(domain -> organizations.get(domain.organization()))
            .flatMap(organization -> Mono.fromRunnable(() -> send(organization, report, trustNow))
                .subscribeOn(Schedulers.boundedElastic()))
            .onErrorResume(error -> {
                LOGGER.error("CIERS: could not notify the contact of {} about the report on message_id {}", report.senderDomain(),
                    report.messageId(), error);
                return Mono.empty();
            })
            .then();
    }

    private void send(Organization organization, SpamReport report, TrustValue trustNow) {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            message.setFrom(new InternetAddress(configuration.notificationFrom().orElse(mail.getPostmaster().asString())));
            message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(organization.email()));
            message.setSubject("CIERS: a message from " + report.senderDomain().asString() + " was reported as spam",
                StandardCharsets.UTF_8.name());
            message.setText(text(organization, report, trustNow), StandardCharsets.UTF_8.name());
            message.saveChanges();
            mail.sendMail(message);
            LOGGER.info("CIERS: {} notified of the spam report on message_id {}", organization.email(), report.messageId());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
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
            + "GET /ciers/organizations/" + organization.id().asString() + "/reports on the authority.\n";
    }
}
