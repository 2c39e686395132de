package org.ciers.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;

/** A CIERS mail server of the demo: a James process with james-conf/mta, its own ports and accreditation. */
public final class MailServer implements AutoCloseable {
    public static final String PASSWORD = "secret";

    private final String domain;
    private final JamesProcess james;
    private final int smtpPort;
    private final int imapPort;

    private MailServer(String domain, JamesProcess james, int smtpPort, int imapPort) {
        this.domain = domain;
        this.james = james;
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
    }

    /**
     * Starts the mail server of {@code domain}, accredited with {@code serverId} and
     * {@code passphrase}, asking the authority at {@code authorityUrl}; {@code user} gets a mailbox.
     */
    public static MailServer start(DemoLayout layout, String domain, URI authorityUrl, ServerId serverId, Passphrase passphrase,
                                   String user) throws IOException, InterruptedException {
        return start(layout, domain, authorityUrl, serverId, passphrase, user, Map.of());
    }

    /** The same, with further {@code ciers.properties} settings (policy, threshold, timeout). */
    public static MailServer start(DemoLayout layout, String domain, URI authorityUrl, ServerId serverId, Passphrase passphrase,
                                   String user, Map<String, String> settings) throws IOException, InterruptedException {
        int smtpPort = FreePorts.next();
        int imapPort = FreePorts.next();
        JamesProcess james = JamesProcess.start(domain, layout, layout.roleConfiguration("mta"), conf -> {
            Keystores.selfSigned(conf.resolve("keystore"), "mx." + domain);
            JamesProcess.setBind(conf.resolve("smtpserver.xml"), smtpPort);
            JamesProcess.setBind(conf.resolve("imapserver.xml"), imapPort);
            Path ciers = conf.resolve("ciers.properties");
            JamesProcess.setProperty(ciers, "mta.authority.url", authorityUrl.toString());
            JamesProcess.setProperty(ciers, "mta.server.id", serverId.asString());
            JamesProcess.setProperty(ciers, "mta.server.passphrase", passphrase.reveal());
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                JamesProcess.setProperty(ciers, setting.getKey(), setting.getValue());
            }
        });
        try {
            MailServerAdmin admin = new MailServerAdmin(james.webAdmin());
            admin.addDomain(domain);
            admin.addUser(user + "@" + domain, PASSWORD);
        } catch (IOException | RuntimeException e) {
            james.close();
            throw e;
        }
        return new MailServer(domain, james, smtpPort, imapPort);
    }

    public String domain() {
        return domain;
    }

    public MailServerAdmin admin() {
        return new MailServerAdmin(james.webAdmin());
    }

    public JamesProcess james() {
        return james;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    @Override
    public void close() throws InterruptedException {
        james.close();
    }
}
