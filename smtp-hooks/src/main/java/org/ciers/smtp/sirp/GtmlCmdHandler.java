package org.ciers.smtp.sirp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.commons.configuration2.Configuration;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.ciers.protocol.model.Msid;
import org.ciers.protocol.smtp.SmtpVerbs;
import org.ciers.smtp.rmta.CiersCmdHandler;
import org.ciers.smtp.rmta.CiersSessionState;
import org.ciers.smtp.rmta.CiersValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GTML <msid>} (spec §6): the recipient domain's server pulls a message kept for it. The
 * puller proves its domain first with CIERS on this connection (it asked the authority to send to
 * this server's domain, and this server validated that): only a message addressed to that domain
 * is returned; anything else is the same 550, so nothing is disclosed. The answer is {@code 250},
 * the dot-stuffed message, and a line with a single dot, like DATA the other way round.
 */
public class GtmlCmdHandler implements CommandHandler<SMTPSession>, EhloExtension {
    private static final Logger LOGGER = LoggerFactory.getLogger(GtmlCmdHandler.class);
    static final Response CIERS_FIRST = new SMTPResponse(SMTPRetCode.AUTH_REQUIRED,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_OTHER) + " " + SmtpVerbs.GTML + " needs " + SmtpVerbs.CIERS
            + " first: prove the domain that pulls").immutable();
    static final Response SYNTAX_ERROR = new SMTPResponse(SMTPRetCode.SYNTAX_ERROR_ARGUMENTS,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.DELIVERY_INVALID_ARG) + " Syntax: " + SmtpVerbs.GTML + " <msid>").immutable();
    static final Response NO_SUCH_MESSAGE = new SMTPResponse(SMTPRetCode.MAILBOX_PERM_UNAVAILABLE,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_AUTH) + " No message for you under this msid").immutable();
    static final Response UNAVAILABLE = new SMTPResponse(SMTPRetCode.LOCAL_ERROR,
        DSNStatus.getStatus(DSNStatus.TRANSIENT, DSNStatus.SYSTEM_OTHER) + " Message store unavailable; try again later").immutable();

    private final SirpOutbox outbox;
    private final SirpExpiry expiry;

    @Inject
    public GtmlCmdHandler(SirpOutbox outbox, SirpExpiry expiry) {
        this.outbox = outbox;
        this.expiry = expiry;
    }

    /**
     * Starts the expiry of the messages this handler serves (one expiry, shared by every SMTP server
     * that lists this handler). James builds and initialises SMTP handlers once its injector is
     * complete; an eager extension singleton would start too early.
     */
    @Override
    public void init(Configuration config) {
        expiry.start();
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of(SmtpVerbs.GTML);
    }

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        return session.isTLSStarted() ? List.of(SmtpVerbs.GTML) : List.of();
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (!session.isTLSStarted()) {
            return CiersCmdHandler.MUST_START_TLS;
        }
        Optional<CiersValidation> puller = CiersSessionState.validation(session);
        if (puller.isEmpty()) {
            return CIERS_FIRST;
        }
        Msid msid;
        try {
            msid = Msid.of(Optional.ofNullable(request.getArgument()).orElse("").trim());
        } catch (IllegalArgumentException e) {
            return SYNTAX_ERROR;
        }
        Optional<SirpOutbox.Kept> kept;
        try {
            kept = outbox.find(msid);
        } catch (MessagingException e) {
            LOGGER.error("SIRP: cannot read the outbox for msid {}", msid, e);
            return UNAVAILABLE;
        }
        if (kept.isEmpty() || !isForPuller(kept.get(), puller.get())) {
            LOGGER.info("SIRP: GTML {} refused to {} ({})", msid, puller.get().sender(), session.getRemoteAddress());
            return NO_SUCH_MESSAGE;
        }
        try {
            outbox.markPulled(msid);
        } catch (MessagingException e) {
            LOGGER.warn("SIRP: could not note that msid {} was pulled", msid, e);
        }
        LOGGER.info("SIRP: msid {} pulled by {} for {}", msid, puller.get().sender(), kept.get().recipient().asString());
        return message(kept.get());
    }

    /**
     * Whether the puller proved it is the server of the domain the message is addressed to: the
     * authority's online answer names the puller's domain; a signed ID checked offline proves its
     * server ID, which must be the one the authority named for that domain when this server sent
     * the notification.
     */
    private static boolean isForPuller(SirpOutbox.Kept kept, CiersValidation puller) {
        boolean domainProved = puller.senderDomain()
            .map(domain -> kept.recipient().getDomain().asString().equalsIgnoreCase(domain.asString()))
            .orElse(false);
        return domainProved || kept.pullerServerId().map(puller.senderServerId()::equals).orElse(false);
    }

    private static Response message(SirpOutbox.Kept kept) {
        List<CharSequence> lines = new ArrayList<>();
        lines.add(SMTPRetCode.MAIL_OK + " " + DSNStatus.getStatus(DSNStatus.SUCCESS, DSNStatus.UNDEFINED_STATUS) + " " + kept.msid() + " follows");
        String content = new String(kept.content(), StandardCharsets.ISO_8859_1);
        for (String line : content.split("\r\n|\n", -1)) {
            lines.add(line.startsWith(".") ? "." + line : line);
        }
        if (lines.get(lines.size() - 1).length() == 0) {
            lines.remove(lines.size() - 1);
        }
        lines.add(".");
        return new RawLinesResponse(SMTPRetCode.MAIL_OK, List.copyOf(lines));
    }
}
