package org.ciers.mailets.report;

import java.util.Optional;
import java.util.function.Consumer;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.Username;
import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageIdManager;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.Role;
import org.apache.james.mailbox.SystemMailboxesProvider;
import org.apache.james.mailbox.events.MessageMoveEvent;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxId;
import org.ciers.protocol.model.Verdict;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A user's judgement becomes a CIERS report (spec §4, §5): moving a CIERS-stamped message into the
 * Spam mailbox reports it as spam; moving it out of Spam, except to Trash, reports it as not spam.
 * Any IMAP or JMAP client does it. The stamps this server wrote name the message; the report
 * goes through the {@link ReportOutbox}, so none is lost while the authority is down.
 */
public class SpamReportListener implements EventListener.ReactiveGroupEventListener {
    public static class SpamReportListenerGroup extends Group {
    }

    private static final Logger LOGGER = LoggerFactory.getLogger(SpamReportListener.class);
    private static final Group GROUP = new SpamReportListenerGroup();

    private final MailboxManager mailboxManager;
    private final MessageIdManager messageIdManager;
    private final SystemMailboxesProvider systemMailboxes;
    private final ReportOutbox outbox;

    @Inject
    public SpamReportListener(MailboxManager mailboxManager, MessageIdManager messageIdManager, SystemMailboxesProvider systemMailboxes,
                              ReportOutbox outbox) {
        this.mailboxManager = mailboxManager;
        this.messageIdManager = messageIdManager;
        this.systemMailboxes = systemMailboxes;
        this.outbox = outbox;
    }

    @Override
    public Group getDefaultGroup() {
        return GROUP;
    }

    @Override
    public boolean isHandling(Event event) {
        return event instanceof MessageMoveEvent move && !move.isNoop();
    }

    @Override
    public Publisher<Void> reactiveEvent(Event event) {
        MessageMoveEvent move = (MessageMoveEvent) event;
        return Mono.zip(mailboxId(Role.SPAM, move.getUsername()), mailboxId(Role.TRASH, move.getUsername()).map(Optional::of)
                .defaultIfEmpty(Optional.empty()))
            .flatMap(mailboxes -> verdict(move, mailboxes.getT1(), mailboxes.getT2())
                .map(verdict -> report(move, verdict))
                .orElseGet(() -> deletedFromSpam(move, mailboxes.getT1(), mailboxes.getT2())
                    ? noted(move)
                    : Mono.empty()));
    }

    private static boolean deletedFromSpam(MessageMoveEvent move, MailboxId spam, Optional<MailboxId> trash) {
        return move.getMessageMoves().removedMailboxIds().contains(spam)
            && trash.map(move.getMessageMoves().addedMailboxIds()::contains).orElse(false);
    }

    private static Optional<Verdict> verdict(MessageMoveEvent move, MailboxId spam, Optional<MailboxId> trash) {
        if (move.getMessageMoves().addedMailboxIds().contains(spam)) {
            return Optional.of(Verdict.SPAM);
        }
        boolean outOfSpam = move.getMessageMoves().removedMailboxIds().contains(spam);
        boolean intoTrash = trash.map(move.getMessageMoves().addedMailboxIds()::contains).orElse(false);
        // deleting a spam message is no verdict on it
        return outOfSpam && !intoTrash ? Optional.of(Verdict.NOT_SPAM) : Optional.empty();
    }

    private Mono<Void> report(MessageMoveEvent move, Verdict verdict) {
        return stampedMessages(move, stamps -> submit(new PendingReport(stamps.senderServerId(), stamps.messageId(), verdict),
            move.getUsername()));
    }

    /** Said in the log, so that an administrator (and a test) sees the move was seen and meant nothing. */
    private Mono<Void> noted(MessageMoveEvent move) {
        return stampedMessages(move, stamps -> LOGGER.info("CIERS: {} deleted message_id {} from Spam: no verdict",
            move.getUsername().asString(), stamps.messageId()));
    }

    /** Each moved message this server stamped, once, even when a move lists it for several mailboxes. */
    private Mono<Void> stampedMessages(MessageMoveEvent move, Consumer<CiersStamps> action) {
        MailboxSession session = mailboxManager.createSystemSession(move.getUsername());
        return Flux.from(messageIdManager.getMessagesReactive(move.getMessageIds(), FetchGroup.HEADERS, session))
            .flatMap(message -> Mono.justOrEmpty(CiersStamps.of(message)))
            .distinct(CiersStamps::messageId)
            .concatMap(stamps -> Mono.fromRunnable(() -> action.accept(stamps)))
            .doFinally(any -> mailboxManager.endProcessingRequest(session))
            .then();
    }

    private void submit(PendingReport report, Username user) {
        try {
            outbox.submit(report);
            LOGGER.info("CIERS: {} moved message_id {} ({})", user.asString(), report.messageId(), report.verdict().wireName());
        } catch (MessagingException e) {
            throw new IllegalStateException("CIERS: could not queue the report for message_id " + report.messageId(), e);
        }
    }

    private Mono<MailboxId> mailboxId(Role role, Username user) {
        return Flux.from(systemMailboxes.getMailboxByRole(role, user)).next().map(MessageManager::getId);
    }

}
