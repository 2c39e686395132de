package org.ciers.mailets.smta;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.net.ssl.SSLContext;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.ciers.protocol.client.AuthorityRejectedException;
import org.ciers.protocol.client.AuthorityUnavailableException;
import org.ciers.protocol.client.MessageIdPool;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.InitiateSendRequest;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.smtp.SmtpVerbs;
import org.ciers.protocol.xml.CiersXml;
import org.ciers.smtp.metrics.CiersMetrics;
import org.ciers.smtp.mta.MtaConfiguration;
import org.ciers.smtp.tls.TrustedCertificates;
import org.ciers.smtp.tls.VerifyingTlsSocketFactory;
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
    private static final Logger LOGGER = LoggerFactory.getLogger(OutboundCiers.class);
    private static final int READY = Integer.parseInt(SMTPRetCode.SERVICE_READY);
    private static final int ACCEPTED = Integer.parseInt(SMTPRetCode.MAIL_OK);
    private static final int TEMPORARILY_UNAVAILABLE = Integer.parseInt(SMTPRetCode.AUTH_TEMPORARY_ERROR);
    private static final int DENIED = Integer.parseInt(SMTPRetCode.MAILBOX_PERM_UNAVAILABLE);
    private static final int BOUNCE_CODE = Integer.parseInt(SMTPRetCode.TRANSACTION_FAILED);

    private final MtaConfiguration configuration;
    private final CiersXml xml;
    private final OutboundPolicy policy;
    private final VerifyingTlsSocketFactory tls;
    private final CiersMetrics metrics;
    /** Message IDs taken from the pool: the authority is asked inside a transaction only when the pool is empty. */
    private final MessageIdPool messageIds;

    OutboundCiers(MessageIdPool messageIds, MtaConfiguration configuration, CiersXml xml, OutboundPolicy policy,
                  VerifyingTlsSocketFactory tls, CiersMetrics metrics) {
        this.messageIds = messageIds;
        this.configuration = configuration;
        this.xml = xml;
        this.policy = policy;
        this.tls = tls;
        this.metrics = metrics;
    }

    static OutboundCiers create(MessageIdPool messageIds, MtaConfiguration configuration, CiersXml xml, OutboundPolicy policy,
                                FileSystem fileSystem, CiersMetrics metrics) throws MessagingException {
        return new OutboundCiers(messageIds, configuration, xml, policy, new VerifyingTlsSocketFactory(tlsContext(policy, fileSystem)
            .getSocketFactory()), metrics);
    }

    /** STARTTLS with this side's trust and host name check; javax.mail's own weaker name check is then off. */
    void prepare(Properties sessionProperties, String protocol) {
        sessionProperties.put("mail." + protocol + ".ssl.socketFactory", tls);
        sessionProperties.put("mail." + protocol + ".ssl.checkserveridentity", "false");
    }

    /**
     * Runs before MAIL FROM of each transaction; returns normally when the transaction may go on,
     * with the server ID the authority named for the recipient's domain when CIERS accepted it.
     */
    Optional<ServerId> beforeTransaction(SmtpExchange smtp, Address[] recipients) throws MessagingException {
        DomainName domain = recipientDomain(recipients);
        AuthToSendResponse answer;
        try {
            // at once from the pool; on an empty pool, bounded by the client's timeout (mta.authority.timeout)
            answer = messageIds.take(new AuthToSendRequest(configuration.serverId(), configuration.passphrase(), domain));
        } catch (AuthorityUnavailableException | AuthorityRejectedException e) {
            metrics.authorityUnavailable();
            fallback(policy.unavailable(), "the authority is unavailable (" + e.getMessage() + ")", domain, recipients);
            metrics.sentWithoutCiers();
            return Optional.empty();
        }
        if (answer instanceof AuthToSendResponse.DomainInvalid) {
            LOGGER.info("CIERS: {} is not registered with the authority; plain SMTP to {}", domain, smtp.host());
            metrics.sentWithoutCiers();
            return Optional.empty();
        }
        if (answer instanceof AuthToSendResponse.NotAuthorized) {
            LOGGER.error("CIERS: the authority at {} refuses server ID {} (not_authorized): it may no longer know this server "
                    + "(an authority on the memory store forgets every registration when it restarts), the organization may be "
                    + "suspended, or {} may be wrong; {} decides what happens to the mail", configuration.authorityUrl(),
                configuration.serverId(), MtaConfiguration.PASSPHRASE, OutboundPolicy.NOT_AUTHORIZED);
            fallback(policy.notAuthorized(), "the authority refuses this server's credentials", domain, recipients);
            metrics.sentWithoutCiers();
            return Optional.empty();
        }
        AuthToSendResponse.Granted granted = (AuthToSendResponse.Granted) answer;
        if (!smtp.isTls()) {
            fallback(policy.withoutTls(), smtp.host() + " offers no STARTTLS", domain, recipients);
            metrics.sentWithoutCiers();
            return Optional.empty();
        }
        if (!smtp.offers(SmtpVerbs.CIERS)) {
            fallback(policy.refused(), smtp.host() + " does not offer CIERS", domain, recipients);
            metrics.sentWithoutCiers();
            return Optional.empty();
        }
        if (!granted.mxServers().isEmpty() && !tls.lastPeerNamesOneOf(granted.mxServers())) {
            // a host DNS named, with a good certificate, but not one the domain registered: its message ID stays here
            fallback(policy.refused(), smtp.host() + "'s certificate names none of the MX hosts the authority lists for " + domain + " "
                + granted.mxServers(), domain, recipients);
            metrics.sentWithoutCiers();
            return Optional.empty();
        }
        int ready = smtp.command(SmtpVerbs.CIERS);
        if (ready != READY) {
            refusedOrUnavailable(ready, smtp, domain, recipients);
            return Optional.empty();
        }
        int outcome = smtp.command(xml.writeAsString(new InitiateSendRequest(configuration.serverId(), granted.messageId())));
        if (outcome == ACCEPTED) {
            LOGGER.info("CIERS: {} accepted message_id {} for {}", smtp.host(), granted.messageId(), domain);
            metrics.sentWithCiers();
            return Optional.of(granted.recipientServerId());
        }
        if (outcome == DENIED) {
            // a fresh ID was refused: the authority or the recipient's server is misconfigured; keep the message
            throw new MessagingException("CIERS: " + smtp.host() + " denied message_id " + granted.messageId() + ": "
                + smtp.lastReply().trim());
        }
        refusedOrUnavailable(outcome, smtp, domain, recipients);
        return Optional.empty();
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
                throw new SMTPSendFailedException(SmtpVerbs.CIERS, BOUNCE_CODE, BOUNCE_CODE + " "
                    + DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_OTHER) + " CIERS required: " + reason, null,
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
