package org.ciers.demo;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.xml.CiersXml;

/**
 * The demo's servers on 127.0.0.1 (spec §9), each a real James process: the CIERS authority, the
 * sending domain a.example (user alice) and the receiving domain b.example (user bob), both
 * accredited through the authority's admin routes, certificates from the demo CA, and
 * endpoints.properties telling any client where they are. a.example relays to b.example's SMTP port
 * (there is no DNS on loopback); everything else is the james-conf configuration as shipped.
 */
public final class DemoCluster implements AutoCloseable {
    public static final String A_DOMAIN = "a.example";
    public static final String B_DOMAIN = "b.example";
    public static final String ALICE = "alice@" + A_DOMAIN;
    public static final String BOB = "bob@" + B_DOMAIN;
    /** The contact of a.example's organization at the authority. */
    public static final String A_CONTACT = "contact@" + A_DOMAIN;

    private final DemoLayout layout;
    private final DemoCertificates ca;
    private final JamesProcess authority;
    private final AuthorityAdmin admin;
    private final AuthorityAdmin.Accredited aAccreditation;
    private final AuthorityAdmin.Accredited bAccreditation;
    private final MailServer a;
    private final MailServer b;
    private final Map<String, String> mailServerSettings;

    private DemoCluster(DemoLayout layout, DemoCertificates ca, JamesProcess authority, AuthorityAdmin admin,
                        AuthorityAdmin.Accredited aAccreditation, AuthorityAdmin.Accredited bAccreditation, MailServer a, MailServer b,
                        Map<String, String> mailServerSettings) {
        this.layout = layout;
        this.ca = ca;
        this.authority = authority;
        this.admin = admin;
        this.aAccreditation = aAccreditation;
        this.bAccreditation = bAccreditation;
        this.a = a;
        this.b = b;
        this.mailServerSettings = Map.copyOf(mailServerSettings);
    }

    public static DemoCluster start(DemoLayout layout) throws Exception {
        return start(layout, Map.of(), Map.of());
    }

    /** The same, with further ciers.properties settings for both mail servers (e.g. a shorter authority timeout). */
    public static DemoCluster start(DemoLayout layout, Map<String, String> mailServerSettings) throws Exception {
        return start(layout, Map.of(), mailServerSettings);
    }

    /** The same, with further ciers.properties settings for the authority too (e.g. its Cassandra store). */
    public static DemoCluster start(DemoLayout layout, Map<String, String> authoritySettings, Map<String, String> mailServerSettings)
        throws Exception {
        return start(layout, authoritySettings, mailServerSettings, Map.of());
    }

    /** The same, with parameters of a.example's CiersRemoteDelivery (e.g. shorter retry delays). */
    public static DemoCluster start(DemoLayout layout, Map<String, String> authoritySettings, Map<String, String> mailServerSettings,
                                    Map<String, String> aDeliveryParameters) throws Exception {
        Files.createDirectories(layout.demoDirectory());
        Files.deleteIfExists(layout.endpointsFile());
        DemoCertificates ca = DemoCertificates.createAuthority("CIERS demo CA");
        List<AutoCloseable> started = new ArrayList<>();
        try {
            int aSmtpPort = FreePorts.next();
            int bSmtpPort = FreePorts.next();
            // the authority mails organizations about reports; the demo's reports are about a.example's mail
            // over HTTPS, as the sample configuration: the demo CA issues its certificate, the mail servers trust it
            JamesProcess authority = JamesProcess.startAuthority("authority", layout, authoritySettings, Optional.of(aSmtpPort),
                Optional.of(ca));
            started.add(authority);
            AuthorityAdmin admin = new AuthorityAdmin(authority.webAdmin(), authority.webAdminTrust());
            AuthorityAdmin.Accredited aAccreditation = admin.accredit(admin.registerOrganization("Example A", A_CONTACT),
                A_DOMAIN, List.of("mx." + A_DOMAIN));
            AuthorityAdmin.Accredited bAccreditation = admin.accredit(admin.registerOrganization("Example B", "contact@b.example"),
                B_DOMAIN, List.of("mx." + B_DOMAIN));
            // the two mail servers start side by side: a needs only b's port, known beforehand
            MailServer.Builder bBuilder = settings(MailServer.builder(layout, ca, B_DOMAIN), mailServerSettings)
                .authority(authority.webAdmin(), bAccreditation.serverId(), bAccreditation.passphrase())
                .user("bob")
                .user("contact")
                .smtpPort(bSmtpPort);
            MailServer.Builder aBuilder = settings(MailServer.builder(layout, ca, A_DOMAIN), mailServerSettings)
                .authority(authority.webAdmin(), aAccreditation.serverId(), aAccreditation.passphrase())
                .user("alice")
                .user("contact")
                .smtpPort(aSmtpPort)
                .relayTo(bSmtpPort);
            aDeliveryParameters.forEach(aBuilder::deliveryParameter);
            List<MailServer> servers = ParallelStart.start(List.of(bBuilder::start, aBuilder::start));
            MailServer b = servers.get(0);
            MailServer a = servers.get(1);
            started.addAll(servers);
            DemoCluster cluster = new DemoCluster(layout, ca, authority, admin, aAccreditation, bAccreditation, a, b,
                mailServerSettings);
            cluster.writeEndpoints();
            return cluster;
        } catch (Exception e) {
            ParallelStart.closeAll(started);
            throw e;
        }
    }

    private static MailServer.Builder settings(MailServer.Builder builder, Map<String, String> settings) {
        settings.forEach(builder::setting);
        return builder;
    }

    public JamesProcess authority() {
        return authority;
    }

    /** A protocol client of the authority, trusting its HTTPS certificate. */
    public AuthorityClient authorityClient(Duration timeout) {
        return new AuthorityClient(new AuthorityClient.Settings(authority.webAdmin(), timeout, authority.webAdminTrust()), new CiersXml());
    }

    public AuthorityAdmin admin() {
        return admin;
    }

    public AuthorityAdmin.Accredited aAccreditation() {
        return aAccreditation;
    }

    public AuthorityAdmin.Accredited bAccreditation() {
        return bAccreditation;
    }

    public MailServer a() {
        return a;
    }

    public MailServer b() {
        return b;
    }

    /**
     * Starts another MX host of b.example, with b.example's accreditation and the cluster's settings,
     * in a working directory of its own: it validates offline with its own replay cache. The caller
     * closes it.
     */
    public MailServer startSecondMxOfB() throws IOException, InterruptedException {
        return settings(MailServer.builder(layout, ca, B_DOMAIN).role(B_DOMAIN + "-mx2"), mailServerSettings)
            .authority(authority.webAdmin(), bAccreditation.serverId(), bAccreditation.passphrase())
            .user("bob")
            .start();
    }

    /** A mail client trusting the demo CA. */
    public MailClient mailClient() {
        return new MailClient(ca.clientContext());
    }

    private void writeEndpoints() throws IOException {
        try (Writer out = Files.newBufferedWriter(layout.endpointsFile(), StandardCharsets.UTF_8)) {
            out.write("# written by ./ciers demo while its servers run; see docs/demo.md\n");
            out.write("authority.url=" + authority.webAdmin() + "\n");
            out.write("authority.webadmin=" + authority.webAdmin() + "\n");
            out.write("a.domain=" + A_DOMAIN + "\n");
            out.write("a.smtp=127.0.0.1:" + a.smtpPort() + "\n");
            out.write("a.imap=127.0.0.1:" + a.imapPort() + "\n");
            out.write("a.webadmin=" + a.james().webAdmin() + "\n");
            out.write("a.server_id=" + aAccreditation.serverId() + "\n");
            out.write("a.passphrase=" + aAccreditation.passphrase().reveal() + "\n");
            out.write("b.domain=" + B_DOMAIN + "\n");
            out.write("b.smtp=127.0.0.1:" + b.smtpPort() + "\n");
            out.write("b.imap=127.0.0.1:" + b.imapPort() + "\n");
            out.write("b.webadmin=" + b.james().webAdmin() + "\n");
            out.write("b.server_id=" + bAccreditation.serverId() + "\n");
            out.write("b.passphrase=" + bAccreditation.passphrase().reveal() + "\n");
            out.write("users=" + ALICE + "," + BOB + "\n");
            out.write("password=" + MailServer.PASSWORD + "\n");
            // every WebAdmin of the demo wants an administrator's token (James's JWT authentication)
            out.write("operator.token=" + OperatorToken.bearer().substring("Bearer ".length()) + "\n");
        }
        // for a token after this one expires: ./ciers operator-token target/ciers-demo/operator-key.pem
        Path operatorKey = layout.demoDirectory().resolve("operator-key.pem");
        Files.deleteIfExists(operatorKey);
        Files.createFile(operatorKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(operatorKey, OperatorToken.privateKeyPem());
    }

    @Override
    public void close() throws Exception {
        ParallelStart.closeAll(List.of(a, b, authority));
        Files.deleteIfExists(layout.endpointsFile());
    }
}
