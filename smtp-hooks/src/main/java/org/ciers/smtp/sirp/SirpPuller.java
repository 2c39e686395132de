package org.ciers.smtp.sirp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import javax.inject.Inject;
import javax.inject.Singleton;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.InitiateSendRequest;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.Msid;
import org.ciers.protocol.smtp.SmtpVerbs;
import org.ciers.protocol.xml.CiersXml;
import org.ciers.smtp.mta.MtaConfiguration;
import org.ciers.smtp.tls.TrustedCertificates;
import org.ciers.smtp.tls.VerifyingTlsSocketFactory;

import com.google.common.net.InetAddresses;

/**
 * Pulls one message from its sender's server (spec §6): SMTP with STARTTLS (the sender's
 * certificate verified), then CIERS to prove this server's domain (an {@code auth_to_send} from
 * this server to the sender's domain), then {@code GTML <msid>}, whose answer is the message.
 */
@Singleton
public class SirpPuller {
    static final int SMTP_PORT = 25;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_MESSAGE_BYTES = 50 * 1024 * 1024;
    /** A reply line: RFC 5321 allows 512 bytes; kept generous, but bounded. */
    static final int MAX_REPLY_LINE_BYTES = 4096;
    /** The lines of one multi-line reply (EHLO lists a few dozen extensions at most). */
    static final int MAX_REPLY_LINES = 100;
    /** A line of the message: RFC 5322 allows 998 characters; some mail has longer ones. */
    static final int MAX_MESSAGE_LINE_BYTES = 1024 * 1024;

    private final AuthorityClient authority;
    private final MtaConfiguration configuration;
    private final SirpConfiguration sirp;
    private final CiersXml xml;
    private final SSLSocketFactory tls;

    @Inject
    public SirpPuller(AuthorityClient authority, MtaConfiguration configuration, SirpConfiguration sirp, CiersXml xml, FileSystem fileSystem)
        throws Exception {
        this.authority = authority;
        this.configuration = configuration;
        this.sirp = sirp;
        this.xml = xml;
        this.tls = new VerifyingTlsSocketFactory(TrustedCertificates.tlsContext(sirp.pullTrust(), fileSystem).getSocketFactory());
    }

    /**
     * The message's bytes; an exception says why the pull failed. The pull goes to the address that
     * notified (an IP literal this server observed; port 25 or {@code sirp.pull.port}), never to a
     * name a sender wrote, and that server must show a certificate for one of the MX hosts the
     * authority lists for the sender's domain (or, through {@code sirp.pull.gateway}, for the gateway).
     */
    public byte[] pull(String notifyingAddress, DomainName senderDomain, Msid msid) throws IOException {
        if (!InetAddresses.isInetAddress(notifyingAddress)) {
            throw new IOException("the stub names no address to pull from");
        }
        AuthToSendResponse granted = authority.authToSend(new AuthToSendRequest(configuration.serverId(), configuration.passphrase(),
            senderDomain));
        if (!(granted instanceof AuthToSendResponse.Granted grant)) {
            throw new IOException("the authority does not let this server prove itself to " + senderDomain + ": " + granted);
        }
        InetSocketAddress address = sirp.pullGateway().map(SirpPuller::parse)
            .orElse(new InetSocketAddress(InetAddresses.forString(notifyingAddress), sirp.pullPort()));
        List<String> tlsNames = sirp.pullGateway().isPresent() ? List.of(address.getHostString()) : grant.mxServers();
        if (tlsNames.isEmpty()) {
            throw new IOException("the authority lists no MX host for " + senderDomain + " to check its certificate against");
        }
        IOException last = null;
        for (String tlsName : tlsNames) {
            try {
                return pull(address, tlsName, grant, msid);
            } catch (SSLException e) {
                last = new IOException("the certificate at " + address.getAddress().getHostAddress() + " is not one of " + tlsName
                    + ": " + e.getMessage(), e);
            }
        }
        throw last;
    }

    private byte[] pull(InetSocketAddress address, String tlsName, AuthToSendResponse.Granted grant, Msid msid) throws IOException {
        try (Socket plain = new Socket()) {
            plain.connect(address, (int) TIMEOUT.toMillis());
            plain.setSoTimeout((int) TIMEOUT.toMillis());
            Connection smtp = new Connection(plain);
            smtp.expect(null, SMTPRetCode.SERVICE_READY);
            smtp.expect("EHLO " + configuration.serverId().asString().toLowerCase() + ".sirp", SMTPRetCode.MAIL_OK);
            smtp.expect("STARTTLS", SMTPRetCode.SERVICE_READY);
            SSLSocket secured = (SSLSocket) tls.createSocket(plain, tlsName, address.getPort(), true);
            secured.startHandshake();
            smtp = new Connection(secured);
            smtp.expect("EHLO " + configuration.serverId().asString().toLowerCase() + ".sirp", SMTPRetCode.MAIL_OK);
            smtp.expect(SmtpVerbs.CIERS, SMTPRetCode.SERVICE_READY);
            smtp.expect(xml.writeAsString(new InitiateSendRequest(configuration.serverId(), grant.messageId())), SMTPRetCode.MAIL_OK);
            smtp.expect(SmtpVerbs.GTML + " " + msid.asString(), SMTPRetCode.MAIL_OK);
            byte[] message = smtp.readDotTerminated();
            smtp.send("QUIT");
            return message;
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static InetSocketAddress parse(String gateway) {
        int colon = gateway.lastIndexOf(':');
        return colon < 0 ? new InetSocketAddress(gateway, SMTP_PORT)
            : new InetSocketAddress(gateway.substring(0, colon), Integer.parseInt(gateway.substring(colon + 1)));
    }

    /** An SMTP connection to the sender's server; every line it sends is bounded (the server is a stranger's). */
    static final class Connection {
        private final BoundedLines in;
        private final OutputStream out;

        Connection(Socket socket) throws IOException {
            this(socket.getInputStream(), socket.getOutputStream());
        }

        Connection(InputStream in, OutputStream out) {
            this.in = new BoundedLines(in);
            this.out = out;
        }

        void send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        void expect(String line, String code) throws IOException {
            if (line != null) {
                send(line);
            }
            String reply;
            int lines = 0;
            do {
                reply = in.next(MAX_REPLY_LINE_BYTES);
                if (reply == null) {
                    throw new IOException("the sender's server closed the connection");
                }
                if (++lines > MAX_REPLY_LINES) {
                    throw new IOException("the sender's server sent a reply of more than " + MAX_REPLY_LINES + " lines");
                }
            } while (reply.length() > 3 && reply.charAt(3) == '-');
            if (!reply.startsWith(code)) {
                throw new IOException("the sender's server answered '" + reply + "' to " + (line == null ? "the greeting" : line.split(" ")[0]));
            }
        }

        byte[] readDotTerminated() throws IOException {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            String line;
            while ((line = in.next(MAX_MESSAGE_LINE_BYTES)) != null) {
                if (line.equals(".")) {
                    return message.toByteArray();
                }
                String unstuffed = line.startsWith(".") ? line.substring(1) : line;
                message.writeBytes((unstuffed + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                if (message.size() > MAX_MESSAGE_BYTES) {
                    throw new IOException("the message is larger than " + MAX_MESSAGE_BYTES + " bytes");
                }
            }
            throw new IOException("the sender's server closed the connection in the middle of the message");
        }
    }
}
