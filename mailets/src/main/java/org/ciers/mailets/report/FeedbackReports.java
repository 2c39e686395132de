package org.ciers.mailets.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageIdManager;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MultimailboxesSearchQuery;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.ciers.protocol.smtp.CiersHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;

/**
 * The feedback address of a receiving server (ARF, RFC 5965): a feedback report a user of this
 * server sends to it (a mail client's "report spam" button) becomes the same report as moving the
 * message into Spam, {@code Feedback-Type: not-spam} the same as moving it out. Only reports
 * submitted by an authenticated user of this server count, and only about a message this server
 * stamped into that user's own (personal) mailboxes: the sender of a message knows its message ID,
 * and must not be able to refute its recipients' reports, nor report messages others received.
 * A report used so is taken out of the mail (the feedback address does not also get it); any other
 * mail to the feedback address, a complaint from outside, a report that does not qualify, goes on
 * to it as ordinary mail, with the reason it was not used in the log: the address stays the abuse
 * desk RFC 2142 makes it.
 *
 * <pre>{@code
 * <mailet match="All" class="org.ciers.mailets.report.FeedbackReports">
 *     <feedbackAddress>abuse</feedbackAddress>
 * </mailet>
 * }</pre>
 * {@code feedbackAddress}: a local part (that name at each of this server's domains) or one whole address.
 */
public class FeedbackReports extends GenericMailet {
    static final String FEEDBACK_ADDRESS = "feedbackAddress";
    static final String DEFAULT_FEEDBACK_ADDRESS = "abuse";
    /** More copies of one message ID in one user's mailboxes than this are not looked at. */
    private static final long SEARCH_LIMIT = 10;
    private static final Logger LOGGER = LoggerFactory.getLogger(FeedbackReports.class);

    private final MailboxManager mailboxManager;
    private final MessageIdManager messageIdManager;
    private final ReportOutbox outbox;
    private String feedbackAddress;

    @Inject
    public FeedbackReports(MailboxManager mailboxManager, MessageIdManager messageIdManager, ReportOutbox outbox) {
        this.mailboxManager = mailboxManager;
        this.messageIdManager = messageIdManager;
        this.outbox = outbox;
    }

    @Override
    public void init() throws MessagingException {
        feedbackAddress = getInitParameter(FEEDBACK_ADDRESS, DEFAULT_FEEDBACK_ADDRESS).trim().toLowerCase(Locale.ROOT);
        if (feedbackAddress.isEmpty() || feedbackAddress.startsWith("@") || feedbackAddress.endsWith("@")) {
            throw new MessagingException(getClass().getSimpleName() + ": " + FEEDBACK_ADDRESS + " is a local part or an address, not '"
                + feedbackAddress + "'");
        }
    }

    @Override
    public String getMailetInfo() {
        return "CIERS feedback reports (ARF)";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Map<Boolean, List<MailAddress>> byRole = mail.getRecipients().stream().collect(Collectors.partitioningBy(this::isFeedbackAddress));
        List<MailAddress> feedback = byRole.get(true);
        if (feedback.isEmpty()) {
            return;
        }
        Optional<PendingReport> report;
        try {
            report = usableReport(mail, feedback.get(0));
        } catch (RuntimeException e) {
            LOGGER.warn("CIERS: mail {} to {} not used as a feedback report ({}); delivered as ordinary mail", mail.getName(),
                feedback.get(0), FeedbackReport.printable(e.toString()));
            return;
        }
        if (report.isEmpty()) {
            return;
        }
        // queued, or the mail goes to the error processor as it is: a report is never lost
        outbox.submit(report.get());
        List<MailAddress> others = byRole.get(false);
        mail.setRecipients(others);
        if (others.isEmpty()) {
            mail.setState(Mail.GHOST);
        }
    }

    /** The report this mail makes, or empty (the reason logged) when it makes none. */
    private Optional<PendingReport> usableReport(Mail mail, MailAddress to) {
        Optional<Username> reporter = mail.getAttribute(Mail.SMTP_AUTH_USER)
            .flatMap(attribute -> attribute.getValue().valueAs(String.class))
            .map(Username::of);
        if (reporter.isEmpty()) {
            LOGGER.info("CIERS: mail {} to {} from {} not used as a feedback report (not sent by an authenticated user of this server); "
                + "delivered as ordinary mail", mail.getName(), to, FeedbackReport.printable(mail.getMaybeSender().asString()));
            return Optional.empty();
        }
        String user = reporter.get().asString();
        FeedbackReport report;
        try {
            report = FeedbackReport.read(mail.getMessage());
        } catch (FeedbackReport.Unusable | MessagingException e) {
            LOGGER.warn("CIERS: mail {} from {} not used as a feedback report ({}); delivered as ordinary mail", mail.getName(), user,
                FeedbackReport.printable(e.getMessage()));
            return Optional.empty();
        }
        Optional<CiersStamps> stamps = stampedFor(reporter.get(), report);
        if (stamps.isEmpty()) {
            LOGGER.warn("CIERS: mail {} from {} not used as a feedback report (message_id {} is on no message this server stamped into "
                + "{}'s mailboxes); delivered as ordinary mail", mail.getName(), user, report.messageId(), user);
            return Optional.empty();
        }
        LOGGER.info("CIERS: {} reported message_id {} ({}) by feedback report {}", user, report.messageId(), report.verdict().wireName(),
            mail.getName());
        return Optional.of(new PendingReport(stamps.get().senderServerId(), report.messageId(), report.verdict()));
    }

    /** The stamps of the reported message as stored in the reporter's own mailboxes, not as the report quotes them. */
    private Optional<CiersStamps> stampedFor(Username reporter, FeedbackReport report) {
        MailboxSession session = mailboxManager.createSystemSession(reporter);
        try {
            // the user's own mailboxes: not those others share with them
            MultimailboxesSearchQuery query = MultimailboxesSearchQuery
                .from(SearchQuery.of(SearchQuery.headerContains(CiersHeaders.MESSAGE_ID, report.messageId().asString())))
                .inNamespace(new MultimailboxesSearchQuery.PersonalNamespace(session))
                .build();
            return Flux.from(mailboxManager.search(query, session, SEARCH_LIMIT))
                .collectList()
                .flatMapMany(ids -> ids.isEmpty() ? Flux.empty() : Flux.from(messageIdManager.getMessagesReactive(ids, FetchGroup.HEADERS,
                    session)))
                .flatMapIterable(message -> CiersStamps.of(message).stream().toList())
                .filter(stamps -> stamps.messageId().equals(report.messageId()))
                .next()
                .blockOptional();
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    private boolean isFeedbackAddress(MailAddress recipient) {
        if (feedbackAddress.contains("@")) {
            return recipient.asString().equalsIgnoreCase(feedbackAddress);
        }
        return recipient.getLocalPart().equalsIgnoreCase(feedbackAddress) && getMailetContext().isLocalServer(recipient.getDomain());
    }
}
