package org.ciers.smtp.sirp;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

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
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageResult;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.Msid;
import org.ciers.protocol.smtp.CiersHeaders;
import org.ciers.protocol.smtp.SirpHeaders;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The recipient wants a pending message (spec §6): when a SIRP stub is moved out of Pending (by
 * any IMAP or JMAP client, not to Trash), the message is pulled from its sender's server with
 * GTML and takes the stub's place. A failed pull leaves a stub that says why.
 */
public class PullListener implements EventListener.ReactiveGroupEventListener {
    public static class PullListenerGroup extends Group {
    }

    private static final Logger LOGGER = LoggerFactory.getLogger(PullListener.class);
    private static final Group GROUP = new PullListenerGroup();

    private final MailboxManager mailboxManager;
    private final MessageIdManager messageIdManager;
    private final SystemMailboxesProvider systemMailboxes;
    private final SirpPuller puller;
    private final StubSeal seal;

    @Inject
    public PullListener(MailboxManager mailboxManager, MessageIdManager messageIdManager, SystemMailboxesProvider systemMailboxes,
                        SirpPuller puller, StubSeal seal) {
        this.seal = seal;
        this.mailboxManager = mailboxManager;
        this.messageIdManager = messageIdManager;
        this.systemMailboxes = systemMailboxes;
        this.puller = puller;
    }

    @Override
    public Group getDefaultGroup() {
        return GROUP;
    }

    @Override
    public boolean isHandling(Event event) {
        return event instanceof MessageMoveEvent move && !move.isNoop() && !move.getMessageMoves().addedMailboxIds().isEmpty();
    }

    @Override
    public Publisher<Void> reactiveEvent(Event event) {
        MessageMoveEvent move = (MessageMoveEvent) event;
        // the pull appends to the mailbox the move holds: it runs after the move, never inside it
        return Mono.fromRunnable(() -> Schedulers.boundedElastic().schedule(() -> handle(move)));
    }

    private void handle(MessageMoveEvent move) {
        Username user = move.getUsername();
        MailboxSession session = mailboxManager.createSystemSession(user);
        try {
            Optional<MailboxId> pending = mailboxId(MailboxPath.forUser(user, MsidCmdHandler.PENDING), session);
            if (pending.isEmpty() || !move.getMessageMoves().removedMailboxIds().contains(pending.get())) {
                return;
            }
            Optional<MailboxId> trash = Flux.from(systemMailboxes.getMailboxByRole(Role.TRASH, user)).next().map(MessageManager::getId)
                .blockOptional();
            for (MailboxId target : move.getMessageMoves().addedMailboxIds()) {
                if (trash.isPresent() && trash.get().equals(target)) {
                    continue;
                }
                for (MessageId messageId : move.getMessageIds()) {
                    pullInto(messageId, target, session);
                }
            }
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    private void pullInto(MessageId stubId, MailboxId target, MailboxSession session) {
        MessageResult stub = Flux.from(messageIdManager.getMessagesReactive(List.of(stubId), FetchGroup.FULL_CONTENT, session))
            .filter(result -> result.getMailboxId().equals(target)).next().blockOptional().orElse(null);
        if (stub == null) {
            return;
        }
        Optional<String> msid = header(stub, SirpHeaders.MSID);
        Optional<String> address = header(stub, SirpHeaders.ADDRESS);
        Optional<String> senderDomain = header(stub, SirpHeaders.SENDER_DOMAIN);
        if (msid.isEmpty() || address.isEmpty() || senderDomain.isEmpty()) {
            return;
        }
        Optional<String> stubSeal = header(stub, SirpHeaders.SEAL);
        if (stubSeal.isEmpty() || !seal.holds(stubSeal.get(), session.getUser().asString(), msid.get(), address.get(), senderDomain.get())) {
            // appended by a user, not filed by this server: its address is nobody's to connect to
            LOGGER.warn("SIRP: a stub in Pending of {} without this server's seal was moved; nothing pulled", session.getUser().asString());
            replaceWithReason(stub, stubId, target, session, "this stub was not filed by this server; nothing was pulled");
            return;
        }
        try {
            byte[] pulled = puller.pull(address.get(), DomainName.of(senderDomain.get()), Msid.of(msid.get()));
            byte[] message = stamped(HeaderSection.withoutServerWrittenHeaders(pulled), stub);
            mailboxManager.getMailbox(target, session).appendMessage(MessageManager.AppendCommand.builder().build(message), session);
            messageIdManager.delete(stubId, List.of(target), session);
            LOGGER.info("SIRP: msid {} pulled from {} for {}", msid.get(), senderDomain.get(), session.getUser().asString());
        } catch (Exception e) {
            LOGGER.warn("SIRP: pulling msid {} from {} failed: {}", msid.get(), senderDomain.get(), e.getMessage());
            replaceWithReason(stub, stubId, target, session, e.getMessage());
        }
    }

    /** The stub's CIERS stamps (this server wrote them at MSID) on top of the pulled message. */
    private static byte[] stamped(byte[] message, MessageResult stub) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 256);
        for (String name : List.of(CiersHeaders.SERVER_ID, CiersHeaders.MESSAGE_ID, CiersHeaders.TRUST_VALUE)) {
            header(stub, name).ifPresent(value -> out.writeBytes((name + ": " + value + "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        }
        out.writeBytes(message);
        return out.toByteArray();
    }

    private void replaceWithReason(MessageResult stub, MessageId stubId, MailboxId target, MailboxSession session, String reason) {
        try (InputStream content = stub.getFullContent().getInputStream()) {
            ByteArrayOutputStream withReason = new ByteArrayOutputStream();
            String oneLine = String.valueOf(reason).replaceAll("[\\r\\n]+", " ");
            withReason.writeBytes((SirpHeaders.PULL_ERROR + ": " + oneLine + "\r\n").getBytes(StandardCharsets.UTF_8));
            content.transferTo(withReason);
            mailboxManager.getMailbox(target, session).appendMessage(
                MessageManager.AppendCommand.builder().build(withReason.toByteArray()), session);
            messageIdManager.delete(stubId, List.of(target), session);
        } catch (Exception e) {
            LOGGER.error("SIRP: could not note the failed pull on its stub", e);
        }
    }

    private Optional<MailboxId> mailboxId(MailboxPath path, MailboxSession session) {
        try {
            if (!Boolean.TRUE.equals(Mono.from(mailboxManager.mailboxExists(path, session)).block())) {
                return Optional.empty();
            }
            return Optional.of(mailboxManager.getMailbox(path, session).getId());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static Optional<String> header(MessageResult message, String name) {
        try {
            List<Header> headers = new ArrayList<>();
            Iterator<Header> iterator = message.getHeaders().headers();
            iterator.forEachRemaining(headers::add);
            return headers.stream().filter(header -> header.getName().equalsIgnoreCase(name)).map(header -> header.getValue().trim()).findFirst();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
