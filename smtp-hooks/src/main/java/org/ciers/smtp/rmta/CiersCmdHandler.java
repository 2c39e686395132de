package org.ciers.smtp.rmta;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
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
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.client.AuthorityRejectedException;
import org.ciers.protocol.client.AuthorityUnavailableException;
import org.ciers.protocol.message.InitiateSendRequest;
import org.ciers.protocol.message.InitiateSendResponse;
import org.ciers.protocol.message.TrustValueRequest;
import org.ciers.protocol.message.TrustValueResponse;
import org.ciers.protocol.message.ValidationReceiptsRequest;
import org.ciers.protocol.smtp.SmtpVerbs;
import org.ciers.protocol.xml.CiersXml;
import org.ciers.protocol.xml.MalformedCiersException;
import org.ciers.smtp.metrics.CiersMetrics;
import org.ciers.smtp.mta.MtaConfiguration;
import org.ciers.smtp.rmta.offline.OfflineValidator;
import org.ciers.smtp.rmta.offline.OfflineVerdict;
import org.ciers.smtp.rmta.receipts.ReceiptOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code CIERS} verb of the receiving server (spec §3): advertised and accepted only after
 * STARTTLS, it reads the sender's one-line {@code initiate_send}, validates the message ID and
 * answers accepted or denied. With {@code rmta.validation=offline} (spec §10) a signed ID is checked
 * here, and its receipt recorded for the authority before the 250; any other ID, and every ID with
 * {@code online}, is validated by the authority ({@code trust_value} with this server's credentials).
 * An authority that is down, slow or failing, or a full replay cache, gives 454, so the sender keeps
 * the message and retries.
 */
public class CiersCmdHandler implements CommandHandler<SMTPSession>, EhloExtension {
    public static final int MAX_LINE_BYTES = 4096;
    private static final Logger LOGGER = LoggerFactory.getLogger(CiersCmdHandler.class);

    static final Response READY = fixed(SMTPRetCode.SERVICE_READY, "Ready to start " + SmtpVerbs.CIERS);
    /** The reply of every verb of this project that needs STARTTLS first (CIERS, GTML). */
    public static final Response MUST_START_TLS = fixed(SMTPRetCode.AUTH_REQUIRED,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_OTHER) + " Must issue a STARTTLS command first");
    static final Response BAD_SEQUENCE = fixed(SMTPRetCode.BAD_SEQUENCE,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.DELIVERY_INVALID_CMD) + " Bad sequence of commands");
    static final Response SYNTAX_ERROR = fixed(SMTPRetCode.SYNTAX_ERROR_ARGUMENTS, "Syntax error");
    /** 454: the sender keeps the message and tries again (spec §3). */
    static final Response TEMPORARILY_UNAVAILABLE = fixed(SMTPRetCode.AUTH_TEMPORARY_ERROR,
        SmtpVerbs.CIERS + " not available due to a temporary reason");

    private final AuthorityClient authority;
    private final CiersXml xml;
    private final MtaConfiguration configuration;
    private final CiersMetrics metrics;
    private final OfflineValidator offline;
    private final ReceiptOutbox receipts;
    private final Response accepted;
    private final Response denied;

    @Inject
    public CiersCmdHandler(AuthorityClient authority, CiersXml xml, MtaConfiguration configuration, CiersMetrics metrics,
                           OfflineValidator offline, ReceiptOutbox receipts) {
        this.authority = authority;
        this.metrics = metrics;
        this.xml = xml;
        this.configuration = configuration;
        this.offline = offline;
        this.receipts = receipts;
        this.accepted = fixed(SMTPRetCode.MAIL_OK, xml.writeAsString(new InitiateSendResponse.RequestAccepted()));
        this.denied = fixed(SMTPRetCode.MAILBOX_PERM_UNAVAILABLE,
            DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_AUTH) + " " + xml.writeAsString(new InitiateSendResponse.RequestDenied()));
    }

    /**
     * Starts sending the receipts queued for the authority, those left from before a restart too, and
     * whatever the validation mode (one sender, shared by every SMTP server that lists this handler).
     * James initialises SMTP handlers once its injector is complete.
     */
    @Override
    public void init(Configuration config) {
        receipts.start();
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of(SmtpVerbs.CIERS);
    }

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        return session.isTLSStarted() ? List.of(SmtpVerbs.CIERS) : List.of();
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (!session.isTLSStarted()) {
            return MUST_START_TLS;
        }
        if (session.getAttachment(SMTPSession.SENDER, ProtocolSession.State.Transaction).isPresent()
            || CiersSessionState.outcome(session).isPresent()) {
            return BAD_SEQUENCE;
        }
        if (request.getArgument() != null && !request.getArgument().isBlank()) {
            return SYNTAX_ERROR;
        }
        session.pushLineHandler(new InitiateSendLineHandler());
        return READY;
    }

    /** Takes exactly the one line after 220, then hands the session back to the command handlers. */
    private class InitiateSendLineHandler implements LineHandler<SMTPSession> {
        @Override
        public Response onLine(SMTPSession session, byte[] line) {
            session.popLineHandler();
            byte[] document = stripLineEnd(line);
            if (document.length > MAX_LINE_BYTES) {
                return SYNTAX_ERROR;
            }
            InitiateSendRequest initiateSend;
            try {
                initiateSend = xml.readRequest(document, InitiateSendRequest.class);
            } catch (MalformedCiersException e) {
                LOGGER.debug("CIERS: bad initiate_send line from {}: {}", session.getRemoteAddress(), e.getMessage());
                return SYNTAX_ERROR;
            }
            return validate(session, initiateSend);
        }
    }

    private Response validate(SMTPSession session, InitiateSendRequest initiateSend) {
        if (configuration.validation().mode() == MtaConfiguration.ValidationMode.OFFLINE) {
            OfflineVerdict verdict = offline.validate(initiateSend);
            if (!(verdict instanceof OfflineVerdict.Unverifiable unverifiable)) {
                return answerOffline(session, initiateSend, verdict);
            }
            LOGGER.debug("CIERS: message_id {} goes to the authority: {}", initiateSend.messageId(), unverifiable.reason());
        }
        return validateOnline(session, initiateSend);
    }

    private Response answerOffline(SMTPSession session, InitiateSendRequest initiateSend, OfflineVerdict verdict) {
        if (verdict instanceof OfflineVerdict.Accepted valid) {
            try {
                receipts.record(new ValidationReceiptsRequest.Receipt(initiateSend.messageId(), valid.validatedAt()));
            } catch (IOException | RuntimeException e) {
                // not recorded, so not accepted: the sender may present the same ID again
                offline.forget(initiateSend.messageId());
                metrics.unavailable();
                LOGGER.error("CIERS: could not record the receipt of message_id {}; answered 454", initiateSend.messageId(), e);
                return TEMPORARILY_UNAVAILABLE;
            }
            CiersSessionState.accepted(session, valid.validation());
            metrics.accepted();
            LOGGER.info("CIERS: accepted message_id {} from server {} offline, trust {}", initiateSend.messageId(), initiateSend.serverId(),
                valid.validation().trustValue());
            return accepted;
        }
        if (verdict instanceof OfflineVerdict.Denied refused) {
            return deny(session, initiateSend, refused.reason());
        }
        metrics.unavailable();
        LOGGER.warn("CIERS: the replay cache is full; message_id {} answered 454 (raise {})", initiateSend.messageId(),
            MtaConfiguration.REPLAY_CAPACITY);
        return TEMPORARILY_UNAVAILABLE;
    }

    private Response validateOnline(SMTPSession session, InitiateSendRequest initiateSend) {
        TrustValueRequest question = new TrustValueRequest(configuration.serverId(), configuration.passphrase(),
            initiateSend.serverId(), initiateSend.messageId());
        TrustValueResponse answer;
        try {
            // bounded by the client's timeout (mta.authority.timeout)
            answer = metrics.timeTrustValue(() -> authority.trustValue(question));
        } catch (AuthorityUnavailableException | AuthorityRejectedException e) {
            metrics.unavailable();
            LOGGER.warn("CIERS: authority unavailable while validating {} from {}: {}", initiateSend.messageId(),
                session.getRemoteAddress(), e.getMessage());
            return TEMPORARILY_UNAVAILABLE;
        }
        if (answer instanceof TrustValueResponse.ValidTransmission valid) {
            CiersSessionState.accepted(session, CiersValidation.byAuthority(valid, initiateSend.messageId()));
            metrics.accepted();
            LOGGER.info("CIERS: accepted message_id {} from {} ({}), trust {}", initiateSend.messageId(), valid.senderDomain(),
                valid.senderServerId(), valid.trustValue());
            return accepted;
        }
        if (answer instanceof TrustValueResponse.NotAuthorized) {
            // this server's own credentials are refused: an operator's problem, not the sender's
            LOGGER.error("CIERS: the authority refuses this server's credentials ({}); check {}", configuration.serverId(),
                MtaConfiguration.PASSPHRASE);
            metrics.unavailable();
            return TEMPORARILY_UNAVAILABLE;
        }
        return deny(session, initiateSend, "the authority does not know it");
    }

    private Response deny(SMTPSession session, InitiateSendRequest initiateSend, String reason) {
        CiersSessionState.denied(session);
        metrics.denied();
        LOGGER.info("CIERS: denied message_id {} presented by {} from {}: {}", initiateSend.messageId(), initiateSend.serverId(),
            session.getRemoteAddress(), reason);
        return denied;
    }

    private static byte[] stripLineEnd(byte[] line) {
        int end = line.length;
        while (end > 0 && (line[end - 1] == '\n' || line[end - 1] == '\r')) {
            end--;
        }
        return end == line.length ? line : Arrays.copyOf(line, end);
    }

    private static Response fixed(String code, String text) {
        return new SMTPResponse(code, text).immutable();
    }
}
