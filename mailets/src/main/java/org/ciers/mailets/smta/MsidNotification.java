package org.ciers.mailets.smta;

import java.util.Enumeration;
import java.util.Optional;

import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.ciers.protocol.model.Msid;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.smtp.SirpReplies;
import org.ciers.protocol.smtp.SmtpVerbs;
import org.ciers.smtp.sirp.SirpOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.mail.smtp.SMTPSendFailedException;

/**
 * The sending side of SIRP (spec §6): when the recipient's server answers DATA with its pull-only
 * signal, the message is kept in the SIRP outbox and each recipient is notified in a fresh
 * transaction (CIERS again, MAIL FROM, RCPT TO) with {@code MSID <msid>} and the envelope headers
 * in place of DATA. The recipient's server pulls the message with GTML when its user wants it.
 */
final class MsidNotification {
    private static final Logger LOGGER = LoggerFactory.getLogger(MsidNotification.class);
    private static final int OK = Integer.parseInt(SMTPRetCode.MAIL_OK);
    private static final int SEND_HEADERS = Integer.parseInt(SMTPRetCode.DATA_READY);

    private final SirpOutbox outbox;
    private final OutboundCiers ciers;

    MsidNotification(SirpOutbox outbox, OutboundCiers ciers) {
        this.outbox = outbox;
        this.ciers = ciers;
    }

    /** Whether the recipient's server refused DATA with the pull-only signal, and can take MSID. */
    static boolean asksForMsid(SMTPSendFailedException refused, SmtpExchange smtp) {
        return SirpReplies.isPullOnly(refused.getReturnCode(), refused.getMessage()) && smtp.offers(SmtpVerbs.MSID);
    }

    /** Keeps the message and notifies every recipient by MSID; the message then waits here to be pulled. */
    void notifyByMsid(SmtpExchange smtp, MimeMessage message, Address[] recipients, Optional<MailAddress> sender) throws MessagingException {
        for (Address recipient : recipients) {
            MailAddress to;
            try {
                to = new MailAddress(((InternetAddress) recipient).getAddress());
            } catch (AddressException e) {
                throw new MessagingException("SIRP: bad recipient " + recipient, e);
            }
            expect(smtp, "RSET", OK);
            // the server the authority names for the recipient's domain is the one that may pull
            Optional<ServerId> puller = ciers.beforeTransaction(smtp, new Address[] {recipient});
            Msid msid = outbox.keep(sender, to, message, puller);
            expect(smtp, "MAIL FROM:<" + sender.map(MailAddress::asString).orElse("") + ">", OK);
            expect(smtp, "RCPT TO:<" + to.asString() + ">", OK);
            expect(smtp, SmtpVerbs.MSID + " " + msid.asString(), SEND_HEADERS);
            smtp.raw(dotStuffedHeaders(message));
            expect(smtp, ".", OK);
            LOGGER.info("SIRP: {} notified of msid {} for {}", smtp.host(), msid, to.asString());
        }
    }

    private static String dotStuffedHeaders(MimeMessage message) throws MessagingException {
        Enumeration<String> headers = message.getAllHeaderLines();
        StringBuilder block = new StringBuilder();
        while (headers.hasMoreElements()) {
            String header = headers.nextElement();
            block.append(header.startsWith(".") ? "." + header : header).append("\r\n");
        }
        return block.toString();
    }

    private static void expect(SmtpExchange smtp, String line, int code) throws MessagingException {
        int answered = smtp.command(line);
        if (answered != code) {
            throw new MessagingException("SIRP: " + smtp.host() + " answered " + smtp.lastReply().trim() + " to " + line.split(" ")[0]);
        }
    }
}
