package org.ciers.smtp.sirp;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.ciers.protocol.model.TrustValue;
import org.ciers.protocol.smtp.SirpReplies;
import org.ciers.smtp.rmta.CiersSessionState;
import org.ciers.smtp.rmta.CiersValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Push or pull (spec §6): with {@code sirp.push.threshold} set, {@code DATA} is taken only from
 * senders CIERS validated at or above it, from known correspondents (a recipient's Sent mailbox
 * holds a mail to the sender), and from this server's own authenticated users; every other sender
 * is asked to send {@code MSID} instead, so the message waits on its server until the recipient
 * wants it. Listed before James's core handlers, it answers only to refuse; otherwise James's own
 * DATA handler goes on.
 */
public class SirpDataPolicy implements CommandHandler<SMTPSession> {
    static final Response PULL_ONLY = new SMTPResponse(String.valueOf(SirpReplies.PULL_ONLY_CODE), SirpReplies.PULL_ONLY_REPLY).immutable();

    public static final String SENT = "Sent";
    private static final Logger LOGGER = LoggerFactory.getLogger(SirpDataPolicy.class);

    private final SirpConfiguration configuration;
    private final MailboxManager mailboxes;

    @Inject
    public SirpDataPolicy(SirpConfiguration configuration, MailboxManager mailboxes) {
        this.configuration = configuration;
        this.mailboxes = mailboxes;
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of("DATA");
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (configuration.pushThreshold().isEmpty() || session.getUsername() != null) {
            return null;
        }
        TrustValue threshold = configuration.pushThreshold().get();
        Optional<CiersValidation> validation = CiersSessionState.validation(session);
        boolean pushed = validation.map(valid -> valid.trustValue().compareTo(threshold) >= 0).orElse(false);
        return pushed || knownCorrespondent(session) ? null : PULL_ONLY;
    }

    @SuppressWarnings("unchecked")
    private boolean knownCorrespondent(SMTPSession session) {
        Optional<MailAddress> sender = session.getAttachment(SMTPSession.SENDER, ProtocolSession.State.Transaction)
            .flatMap(MaybeSender::asOptional);
        Optional<List<MailAddress>> recipients = session.getAttachment(SMTPSession.RCPT_LIST, ProtocolSession.State.Transaction);
        if (sender.isEmpty() || recipients.isEmpty()) {
            return false;
        }
        return recipients.get().stream().anyMatch(recipient -> hasWrittenTo(recipient, sender.get()));
    }

    private boolean hasWrittenTo(MailAddress localUser, MailAddress correspondent) {
        Username user = Username.of(localUser.asString());
        MailboxSession session = mailboxes.createSystemSession(user);
        try {
            MailboxPath sent = MailboxPath.forUser(user, SENT);
            if (!Boolean.TRUE.equals(Mono.from(mailboxes.mailboxExists(sent, session)).block())) {
                return false;
            }
            SearchQuery query = SearchQuery.of(SearchQuery.or(List.of(
                SearchQuery.address(SearchQuery.AddressType.To, correspondent.asString()),
                SearchQuery.address(SearchQuery.AddressType.Cc, correspondent.asString()))));
            return Flux.from(mailboxes.getMailbox(sent, session).search(query, session)).hasElements().block();
        } catch (Exception e) {
            LOGGER.warn("SIRP: could not look for {} in the Sent mailbox of {}: {}", correspondent, localUser, e.getMessage());
            return false;
        } finally {
            mailboxes.endProcessingRequest(session);
        }
    }
}
