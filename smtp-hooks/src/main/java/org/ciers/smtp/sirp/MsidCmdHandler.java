package org.ciers.smtp.sirp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.ciers.protocol.model.Msid;
import org.ciers.protocol.smtp.CiersHeaders;
import org.ciers.protocol.smtp.SirpHeaders;
import org.ciers.protocol.smtp.SmtpVerbs;
import org.ciers.smtp.rmta.CiersCmdHandler;
import org.ciers.smtp.rmta.CiersSessionState;
import org.ciers.smtp.rmta.CiersValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * {@code MSID <msid>} (spec §6), in place of DATA after MAIL FROM and RCPT TO: the sender sends
 * only the envelope headers (dot-terminated, like DATA); each recipient gets a stub in its
 * {@value #PENDING} mailbox naming the msid and where to pull it from. The body stays on the
 * sender's server until the recipient moves the stub out of Pending.
 *
 * <p>Only after STARTTLS and an accepted {@code CIERS} in the same transaction: the notifying server
 * is proven, and the stub carries its CIERS stamps as pushed mail does. What the stub says about
 * where to pull from is this server's own observation (the address that connected, the name it
 * greeted with); any {@code X-SIRP-*} or {@code X-CIERS-*} header the sender sends is dropped.
 */
public class MsidCmdHandler implements CommandHandler<SMTPSession>, EhloExtension {
    /** The mailbox where each recipient finds the stubs of the messages waiting for it. */
    public static final String PENDING = "Pending";
    public static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final Logger LOGGER = LoggerFactory.getLogger(MsidCmdHandler.class);
    static final Response BAD_SEQUENCE = new SMTPResponse(SMTPRetCode.BAD_SEQUENCE,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.DELIVERY_INVALID_CMD) + " " + SmtpVerbs.MSID
            + " comes after MAIL FROM and RCPT TO").immutable();
    static final Response SYNTAX_ERROR = new SMTPResponse(SMTPRetCode.SYNTAX_ERROR_ARGUMENTS,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.DELIVERY_INVALID_ARG) + " Syntax: " + SmtpVerbs.MSID + " <msid>").immutable();
    static final Response SEND_HEADERS = new SMTPResponse(SMTPRetCode.DATA_READY, "Send the envelope headers; end with <CRLF>.<CRLF>")
        .immutable();
    static final Response NEEDS_CIERS = new SMTPResponse(SMTPRetCode.AUTH_REQUIRED,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_AUTH) + " " + SmtpVerbs.MSID + " needs an accepted "
            + SmtpVerbs.CIERS + " in this transaction").immutable();
    static final Response TOO_LARGE = new SMTPResponse(SMTPRetCode.QUOTA_EXCEEDED,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SYSTEM_MSG_TOO_BIG) + " Envelope headers too large").immutable();
    static final Response NOT_FILED = new SMTPResponse(SMTPRetCode.LOCAL_ERROR,
        DSNStatus.getStatus(DSNStatus.TRANSIENT, DSNStatus.SYSTEM_OTHER) + " The notification could not be filed; try again later")
        .immutable();

    private final MailboxManager mailboxes;
    private final StubSeal seal;

    @Inject
    public MsidCmdHandler(MailboxManager mailboxes, StubSeal seal) {
        this.mailboxes = mailboxes;
        this.seal = seal;
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of(SmtpVerbs.MSID);
    }

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        return session.isTLSStarted() ? List.of(SmtpVerbs.MSID) : List.of();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Response onCommand(SMTPSession session, Request request) {
        if (!session.isTLSStarted()) {
            return CiersCmdHandler.MUST_START_TLS;
        }
        Optional<CiersValidation> validation = CiersSessionState.validation(session);
        if (validation.isEmpty()) {
            return NEEDS_CIERS;
        }
        Optional<MaybeSender> sender = session.getAttachment(SMTPSession.SENDER, ProtocolSession.State.Transaction);
        Optional<List<MailAddress>> recipients = session.getAttachment(SMTPSession.RCPT_LIST, ProtocolSession.State.Transaction);
        if (sender.isEmpty() || recipients.isEmpty() || recipients.get().isEmpty()) {
            return BAD_SEQUENCE;
        }
        Msid msid;
        try {
            msid = Msid.of(Optional.ofNullable(request.getArgument()).orElse("").trim());
        } catch (IllegalArgumentException e) {
            return SYNTAX_ERROR;
        }
        session.pushLineHandler(new HeaderLines(msid, sender.get(), List.copyOf(recipients.get()), validation.get()));
        return SEND_HEADERS;
    }

    /** A greeting name goes in a header: nothing of it may start another line. */
    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t ]+", "");
    }

    private final class HeaderLines implements LineHandler<SMTPSession> {
        private final Msid msid;
        private final MaybeSender sender;
        private final List<MailAddress> recipients;
        private final CiersValidation validation;
        private final ByteArrayOutputStream headers = new ByteArrayOutputStream();
        private boolean tooLarge;

        HeaderLines(Msid msid, MaybeSender sender, List<MailAddress> recipients, CiersValidation validation) {
            this.msid = msid;
            this.sender = sender;
            this.recipients = recipients;
            this.validation = validation;
        }

        @Override
        public Response onLine(SMTPSession session, byte[] line) {
            String text = new String(line, StandardCharsets.ISO_8859_1).replaceAll("\r?\n$", "");
            if (!text.equals(".")) {
                if (headers.size() + line.length > MAX_HEADER_BYTES) {
                    tooLarge = true;
                } else if (!text.isEmpty()) {
                    String unstuffed = text.startsWith(".") ? text.substring(1) : text;
                    headers.writeBytes((unstuffed + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
                return null;
            }
            session.popLineHandler();
            session.resetState();
            if (tooLarge) {
                return TOO_LARGE;
            }
            try {
                for (MailAddress recipient : recipients) {
                    fileStub(session, recipient);
                }
            } catch (Exception e) {
                LOGGER.error("SIRP: could not file the stub of msid {}", msid, e);
                return NOT_FILED;
            }
            LOGGER.info("SIRP: msid {} from {} noted for {}", msid, sender.asString(), recipients);
            return new SMTPResponse(SMTPRetCode.MAIL_OK, DSNStatus.getStatus(DSNStatus.SUCCESS, DSNStatus.UNDEFINED_STATUS) + " " + msid
                + " noted; the recipient pulls it when wanted");
        }

        private void fileStub(SMTPSession session, MailAddress recipient) throws Exception {
            String senderDomain = validation.senderDomain().map(Object::toString)
                .orElseGet(() -> sender.asOptional().map(address -> address.getDomain().asString()).orElse(""));
            String address = session.getRemoteAddress().getAddress().getHostAddress();
            String host = Optional.ofNullable(session.getAttachment(SMTPSession.CURRENT_HELO_NAME, ProtocolSession.State.Connection)
                .orElse(null)).orElse(address);
            String envelope = new String(HeaderSection.withoutServerWrittenHeaders(headers.toByteArray()), StandardCharsets.ISO_8859_1);
            String stub = envelope
                + CiersHeaders.SERVER_ID + ": " + validation.senderServerId().asString() + "\r\n"
                + CiersHeaders.MESSAGE_ID + ": " + validation.messageId().asString() + "\r\n"
                + CiersHeaders.TRUST_VALUE + ": " + validation.trustValue().asString() + "\r\n"
                + SirpHeaders.MSID + ": " + msid + "\r\n"
                + SirpHeaders.HOST + ": " + oneLine(host) + "\r\n"
                + SirpHeaders.ADDRESS + ": " + address + "\r\n"
                + SirpHeaders.SENDER_DOMAIN + ": " + senderDomain + "\r\n"
                + SirpHeaders.SEAL + ": " + seal.seal(recipient.asString(), msid.asString(), address, senderDomain) + "\r\n"
                + (envelope.toLowerCase(Locale.ROOT).contains("\ndate:") || envelope.toLowerCase(Locale.ROOT).startsWith("date:")
                    ? "" : "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()) + "\r\n")
                + "\r\n"
                + "This message waits on its sender's server (" + senderDomain + ").\r\n"
                + "Move it out of Pending to fetch it.\r\n";
            Username user = Username.of(recipient.asString());
            MailboxSession mailboxSession = mailboxes.createSystemSession(user);
            try {
                MailboxPath pending = MailboxPath.forUser(user, PENDING);
                if (!Boolean.TRUE.equals(Mono.from(mailboxes.mailboxExists(pending, mailboxSession)).block())) {
                    mailboxes.createMailbox(pending, mailboxSession);
                }
                mailboxes.getMailbox(pending, mailboxSession)
                    .appendMessage(MessageManager.AppendCommand.builder().build(stub.getBytes(StandardCharsets.ISO_8859_1)), mailboxSession);
            } finally {
                mailboxes.endProcessingRequest(mailboxSession);
            }
        }
    }
}
