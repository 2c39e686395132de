package org.ciers.mailets.outbound;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

import org.apache.james.filesystem.api.FileSystem;
import org.ciers.protocol.client.AuthToSendAhead;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.InitiateSendRequest;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.xml.CiersXml;
import org.ciers.protocol.model.Msid;
import org.ciers.smtp.metrics.CiersMetrics;
import org.ciers.smtp.module.MtaConfiguration;
import org.ciers.smtp.sirp.SirpOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.mail.smtp.SMTPSendFailedException;

/**
 * The sending side of one transmission (spec §3): before each SMTP transaction, {@code auth_to_send}
 * for the recipient domain, then {@code CIERS} and the {@code initiate_send} line over the verified
 * TLS connection. Every case in which CIERS cannot be used ends in its configured {@link Fallback}:
 * the message goes on by plain SMTP, bounces (5xx), or stays queued (an exception without a reply
 * code, which RemoteDelivery retries).
 */
public final class OutboundCiers {
    public static final String CIERS = "CIERS";
    static final String SIRP_MSID = "MSID";
    private static final Logger LOGGER = LoggerFactory.getLogger(OutboundCiers.class);
    private static final int READY = 220;
    private static final int ACCEPTED = 250;
    private static final int TEMPORARILY_UNAVAILABLE = 454;
    private static final int DENIED = 550;
    private static final int BOUNCE_CODE = 554;

    private final AuthorityClient authority;
    private final MtaConfiguration configuration;
    private final CiersXml xml;
    private final OutboundPolicy policy;
    private final SSLSocketFactory tls;
    private final SirpOutbox sirp;
    private final CiersMetrics metrics;
    private final AuthToSendAhead authToSend;

    OutboundCiers(AuthorityClient authority, MtaConfiguration configuration, CiersXml xml, OutboundPolicy policy,
                  SSLSocketFactory tls, SirpOutbox sirp, CiersMetrics metrics) {
        this.authority = authority;
        this.configuration = configuration;
        this.xml = xml;
        this.policy = policy;
        this.tls = tls;
        this.sirp = sirp;
        this.metrics = metrics;
        // the next message ID for a domain is asked while this delivery goes on: not inside the next transaction
        this.authToSend = new AuthToSendAhead(authority, Clock.systemUTC());
    }

    static OutboundCiers create(AuthorityClient authority, MtaConfiguration configuration, CiersXml xml, OutboundPolicy policy,
                                FileSystem fileSystem, SirpOutbox sirp, CiersMetrics metrics) throws MessagingException {
        return new OutboundCiers(authority, configuration, xml, policy, new VerifyingTlsSocketFactory(tlsContext(policy, fileSystem)
            .getSocketFactory()), sirp, metrics);
    }

    /** Whether the recipient's server refused DATA asking for MSID, and can take it. */
    static boolean asksForMsid(SMTPSendFailedException refused, SmtpExchange smtp) {
        return refused.getReturnCode() == 550 && String.valueOf(refused.getMessage()).contains("SIRP") && smtp.offers(SIRP_MSID);
    }

    /**
     * Pull instead of push (spec §6): keeps the message in the SIRP outbox and, per recipient, sends
     * a fresh transaction (CIERS again, MAIL FROM, RCPT TO) with {@code MSID <msid>} and the envelope
     * headers in place of DATA.
     */
    void notifyByMsid(SmtpExchange smtp, MimeMessage message, Address[] recipients, Optional<MailAddress> sender) throws MessagingException {
        for (Address recipient : recipients) {
            MailAddress to;
            try {
                to = new MailAddress(((InternetAddress) recipient).getAddress());
            } catch (javax.mail.internet.AddressException e) {
                throw new MessagingException("SIRP: bad recipient " + recipient, e);
            }
            Msid msid = sirp.keep(sender, to, message);
            expect(smtp, "RSET", 250);
            beforeTransaction(smtp, new Address[] {recipient});
            expect(smtp, "MAIL FROM:<" + sender.map(MailAddress::asString).orElse("") + ">", 250);
            expect(smtp, "RCPT TO:<" + to.asString() + ">", 250);
            expect(smtp, SIRP_MSID + " " + msid.asString(), 354);
            java.util.Enumeration<String> headers = message.getAllHeaderLines();
            StringBuilder block = new StringBuilder();
            while (headers.hasMoreElements()) {
                String header = headers.nextElement();
                block.append(header.startsWith(".") ? "." + header : header).append("\r\n");
            }
            smtp.raw(block.toString());
            expect(smtp, ".", 250);
            LOGGER.info("SIRP: {} notified of msid {} for {}", smtp.host(), msid, to.asString());
        }
    }

    private static void expect(SmtpExchange smtp, String line, int code) throws MessagingException {
        int answered = smtp.command(line);
        if (answered != code) {
            throw new MessagingException("SIRP: " + smtp.host() + " answered " + smtp.lastReply().trim() + " to " + line.split(" ")[0]);
        }
    }

    /** STARTTLS with this side's trust and host name check; javax.mail's own weaker name check is then off. */
    void prepare(Properties sessionProperties, String protocol) {
        sessionProperties.put("mail." + protocol + ".ssl.socketFactory", tls);
        sessionProperties.put("mail." + protocol + ".ssl.checkserveridentity", "false");
    }

    /** Runs before MAIL FROM of each transaction; returns normally when the transaction may go on. */
    void beforeTransaction(SmtpExchange smtp, Address[] recipients) throws MessagingException {
        DomainName domain = recipientDomain(recipients);
        AuthToSendResponse answer;
        try {
            answer = metrics.timeAuthToSend(() -> authToSend.authToSend(new AuthToSendRequest(configuration.serverId(),
                    configuration.passphrase(), domain)))
                .get(configuration.authorityTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("CIERS: interrupted while asking the authority");
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            metrics.authorityUnavailable();
            fallback(policy.unavailable(), "the authority is unavailable (" + cause.getMessage() + ")", domain, recipients);
            metrics.sentWithoutCiers();
            return;
        }
        if (answer instanceof AuthToSendResponse.DomainInvalid) {
            LOGGER.info("CIERS: {} is not registered with the authority; plain SMTP to {}", domain, smtp.host());
            metrics.sentWithoutCiers();
            return;
        }
        if (answer instanceof AuthToSendResponse.NotAuthorized) {
            LOGGER.error("CIERS: the authority refuses this server's credentials ({}); check {}. Plain SMTP to {}",
                configuration.serverId(), MtaConfiguration.PASSPHRASE, domain);
            metrics.sentWithoutCiers();
            return;
        }
        AuthToSendResponse.Granted granted = (AuthToSendResponse.Granted) answer;
        if (!smtp.isTls()) {
            fallback(policy.withoutTls(), smtp.host() + " offers no STARTTLS", domain, recipients);
            metrics.sentWithoutCiers();
            return;
        }
        if (!smtp.offers(CIERS)) {
            fallback(policy.refused(), smtp.host() + " does not offer CIERS", domain, recipients);
            metrics.sentWithoutCiers();
            return;
        }
        int ready = smtp.command(CIERS);
        if (ready != READY) {
            refusedOrUnavailable(ready, smtp, domain, recipients);
            return;
        }
        int outcome = smtp.command(xml.writeAsString(new InitiateSendRequest(configuration.serverId(), granted.messageId())));
        if (outcome == ACCEPTED) {
            LOGGER.info("CIERS: {} accepted message_id {} for {}", smtp.host(), granted.messageId(), domain);
            metrics.sentWithCiers();
            return;
        }
        if (outcome == DENIED) {
            // a fresh ID was refused: the authority or the recipient's server is misconfigured; keep the message
            throw new MessagingException("CIERS: " + smtp.host() + " denied message_id " + granted.messageId() + ": "
                + smtp.lastReply().trim());
        }
        refusedOrUnavailable(outcome, smtp, domain, recipients);
    }

    private void refusedOrUnavailable(int code, SmtpExchange smtp, DomainName domain, Address[] recipients) throws MessagingException {
        String reason = smtp.host() + " answered " + smtp.lastReply().trim();
        if (code == TEMPORARILY_UNAVAILABLE) {
            metrics.authorityUnavailable();
            fallback(policy.unavailable(), reason, domain, recipients);
        } else {
            fallback(policy.refused(), reason, domain, recipients);
        }
        metrics.sentWithoutCiers();
    }

    private static void fallback(Fallback fallback, String reason, DomainName domain, Address[] recipients) throws MessagingException {
        switch (fallback) {
            case PLAIN -> LOGGER.warn("CIERS: {}; plain SMTP to {} as configured", reason, domain);
            case RETRY -> {
                LOGGER.warn("CIERS: {}; the message to {} stays queued for a later try", reason, domain);
                // no reply code: RemoteDelivery counts it as a temporary failure
                throw new MessagingException("CIERS: " + reason + "; will retry");
            }
            case BOUNCE -> {
                LOGGER.warn("CIERS: {}; the message to {} bounces as configured", reason, domain);
                throw new SMTPSendFailedException(CIERS, BOUNCE_CODE, BOUNCE_CODE + " 5.7.0 CIERS required: " + reason, null,
                    null, recipients, null);
            }
        }
    }

    private static DomainName recipientDomain(Address[] recipients) throws MessagingException {
        // RemoteDelivery hands one recipient domain per transaction
        for (Address recipient : recipients) {
            if (recipient instanceof InternetAddress address && address.getAddress() != null) {
                String mailbox = address.getAddress();
                int at = mailbox.lastIndexOf('@');
                if (at > 0 && at < mailbox.length() - 1) {
                    return DomainName.of(mailbox.substring(at + 1).toLowerCase(Locale.ROOT));
                }
            }
        }
        throw new MessagingException("CIERS: no recipient domain in " + Arrays.toString(recipients));
    }

    private static SSLContext tlsContext(OutboundPolicy policy, FileSystem fileSystem) throws MessagingException {
        try {
            return TrustedCertificates.tlsContext(policy.trustedCertificates(), fileSystem);
        } catch (GeneralSecurityException | IOException e) {
            throw new MessagingException("CIERS: cannot load " + OutboundPolicy.TRUST + " " + policy.trustedCertificates().orElse("")
                + ": " + e.getMessage(), e);
        }
    }
}
