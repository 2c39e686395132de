package org.ciers.mailets.smta;

import java.util.Optional;

import javax.mail.Address;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.URLName;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;

import com.sun.mail.smtp.SMTPSendFailedException;
import com.sun.mail.smtp.SMTPTransport;

/**
 * javax.mail's SMTP transport with the CIERS step before each transaction. RemoteDelivery selects
 * it through {@code mail.smtp.class} (set by {@link CiersRemoteDelivery}) and keeps doing the rest:
 * MX lookup, connection, queue, retries and bounces.
 */
public class CiersSmtpTransport extends SMTPTransport {
    /** Session property naming the {@link OutboundRegistry.Delivery} of the delivering mailet. */
    public static final String DELIVERY_PROPERTY = "mail.smtp.ciers.delivery";
    private static final String PROTOCOL = "smtp";

    private final OutboundCiers ciers;
    private final MsidNotification msidNotification;

    public CiersSmtpTransport(Session session, URLName urlName) {
        super(session, urlName);
        OutboundRegistry.Delivery delivery = OutboundRegistry.lookup(session.getProperty(DELIVERY_PROPERTY));
        this.ciers = delivery.ciers();
        this.msidNotification = delivery.msidNotification();
        // CIERS needs TLS; whether a server without STARTTLS gets the message is the policy's decision
        setStartTLS(true);
        setRequireStartTLS(false);
    }

    @Override
    protected synchronized boolean protocolConnect(String host, int port, String user, String password) throws MessagingException {
        ciers.prepare(session.getProperties(), PROTOCOL);
        return super.protocolConnect(host, port, user, password);
    }

    @Override
    public synchronized void sendMessage(Message message, Address[] addresses) throws MessagingException {
        Exchange exchange = new Exchange();
        ciers.beforeTransaction(exchange, addresses);
        try {
            super.sendMessage(message, addresses);
        } catch (SMTPSendFailedException refused) {
            if (!(message instanceof MimeMessage mime) || !MsidNotification.asksForMsid(refused, exchange)) {
                throw refused;
            }
            // the recipient pulls this sender's mail: notify by MSID, the message waits here
            msidNotification.notifyByMsid(exchange, mime, addresses, sender());
        }
    }

    private Optional<MailAddress> sender() {
        String from = session.getProperty("mail.smtp.from");
        if (from == null || from.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MailAddress(from));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    private final class Exchange implements SmtpExchange {
        @Override
        public String host() {
            URLName url = getURLName();
            return url == null || url.getHost() == null ? "the recipient's server" : url.getHost();
        }

        @Override
        public boolean isTls() {
            return isSSL();
        }

        @Override
        public boolean offers(String extension) {
            return supportsExtension(extension);
        }

        @Override
        public int command(String line) throws MessagingException {
            return simpleCommand(line);
        }

        @Override
        public void raw(String text) throws MessagingException {
            sendCommand(text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text);
        }

        @Override
        public String lastReply() {
            return getLastServerResponse();
        }
    }
}
