package org.ciers.authority.shared;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.MailetContext;
import org.ciers.authority.AuthorityConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The authority's mail to people (confirmations, approvals, reports), through the authority James's own mail processing. */
public class AuthorityMailer {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuthorityMailer.class);

    private final MailetContext mail;
    private final AuthorityConfiguration configuration;

    @Inject
    public AuthorityMailer(MailetContext mail, AuthorityConfiguration configuration) {
        this.mail = mail;
        this.configuration = configuration;
    }

    /** Queues a plain-text mail; completes when James has taken it. */
    public Mono<Void> send(String to, String subject, String text) {
        return Mono.<Void>fromRunnable(() -> {
            try {
                MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
                message.setFrom(new InternetAddress(configuration.notificationFrom().orElse(mail.getPostmaster().asString())));
                message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to));
                message.setSubject(subject, StandardCharsets.UTF_8.name());
                message.setText(text, StandardCharsets.UTF_8.name());
                message.saveChanges();
                mail.sendMail(message);
                LOGGER.info("CIERS: mail '{}' sent to {}", subject, to);
            } catch (MessagingException e) {
                throw new IllegalStateException("cannot mail " + to, e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
