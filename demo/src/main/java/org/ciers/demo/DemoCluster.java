package org.ciers.demo;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.xml.CiersXml;

/**
 * The demo's servers on 127.0.0.1 (spec §9), each a real James process: the CIERS authority, the
 * sending domain a.example (user alice) and the receiving domain b.example (user bob), both
 * accredited through the authority's admin routes, certificates from the demo CA, and
 * endpoints.properties telling any client where they are. a.example relays to b.example's SMTP port
 * (there is no DNS on loopback); everything else is the james-conf configuration as shipped. The
 * federated demo ({@link #startFederation}, spec §7) has two authorities that peer: ciers-a
 * accredits a.example, ciers-b accredits b.example.
 */
public final class DemoCluster implements AutoCloseable {
    public static final String A_DOMAIN = "a.example";
    public static final String B_DOMAIN = "b.example";
    public static final String ALICE = "alice@" + A_DOMAIN;
    public static final String BOB = "bob@" + B_DOMAIN;
    /** The contact of a.example's organization at the authority. */
    public static final String A_CONTACT = "contact@" + A_DOMAIN;
    /** The federated demo's authorities. */
    public static final String AUTHORITY_A = "ciers-a";
    public static final String AUTHORITY_B = "ciers-b";

    private final DemoLayout layout;
    private final DemoCertificates ca;
    private final JamesProcess authority;
    private final AuthorityAdmin admin;
    /** b.example's authority: {@link #authority} itself, unless the demo is federated. */
    private final JamesProcess bAuthority;
    private final AuthorityAdmin bAdmin;
    private final AuthorityAdmin.Accredited aAccreditation;
    private final AuthorityAdmin.Accredited bAccreditation;
    private final MailServer a;
    private final MailServer b;
    private final Map<String, String> mailServerSettings;

    private DemoCluster(DemoLayout layout, DemoCertificates ca, JamesProcess authority, AuthorityAdmin admin, JamesProcess bAuthority,
                        AuthorityAdmin bAdmin, AuthorityAdmin.Accredited aAccreditation, AuthorityAdmin.Accredited bAccreditation, MailServer a,
                        MailServer b, Map<String, String> mailServerSettings) {
        this.layout = layout;
        this.ca = ca;
        this.authority = authority;
        this.admin = admin;
        this.bAuthority = bAuthority;
        this.bAdmin = bAdmin;
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
        return start(layout, authoritySettings, mailServerSettings, aDeliveryParameters, UnaryOperator.identity());
    }

    /** The same with mail server settings, and b.example's server further built by {@code bOptions} (e.g. with JMAP). */
    public static DemoCluster start(DemoLayout layout, Map<String, String> mailServerSettings, UnaryOperator<MailServer.Builder> bOptions)
        throws Exception {
        return start(layout, Map.of(), mailServerSettings, Map.of(), bOptions);
    }

    private static DemoCluster start(DemoLayout layout, Map<String, String> authoritySettings, Map<String, String> mailServerSettings,
                                     Map<String, String> aDeliveryParameters, UnaryOperator<MailServer.Builder> bOptions) throws Exception {
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
            return startMailServers(layout, ca, authority, admin, authority, admin, aAccreditation, bAccreditation, aSmtpPort, bSmtpPort,
                mailServerSettings, aDeliveryParameters, bOptions, started);
        } catch (Exception e) {
            ParallelStart.closeAll(started);
            throw e;
        }
    }

    /**
     * The federated demo (spec §7): authorities ciers-a and ciers-b, started side by side, each made
     * the other's peer through its operator route; a.example accredited with ciers-a, b.example
     * with ciers-b, each mail server speaking to its own authority. Settings go to both authorities
     * and both mail servers.
     */
    public static DemoCluster startFederation(DemoLayout layout, Map<String, String> authoritySettings,
                                              Map<String, String> mailServerSettings) throws Exception {
        Files.createDirectories(layout.demoDirectory());
        Files.deleteIfExists(layout.endpointsFile());
        DemoCertificates ca = DemoCertificates.createAuthority("CIERS demo CA");
        List<AutoCloseable> started = new ArrayList<>();
        try {
            int aSmtpPort = FreePorts.next();
            int bSmtpPort = FreePorts.next();
            List<JamesProcess> authorities = ParallelStart.start(List.of(
                () -> JamesProcess.startAuthority(AUTHORITY_A, layout, named(authoritySettings, AUTHORITY_A), Optional.of(aSmtpPort),
                    Optional.of(ca)),
                () -> JamesProcess.startAuthority(AUTHORITY_B, layout, named(authoritySettings, AUTHORITY_B), Optional.of(bSmtpPort),
                    Optional.of(ca))));
            started.addAll(authorities);
            JamesProcess authorityA = authorities.get(0);
            JamesProcess authorityB = authorities.get(1);
            AuthorityAdmin adminA = new AuthorityAdmin(authorityA.webAdmin(), authorityA.webAdminTrust());
            AuthorityAdmin adminB = new AuthorityAdmin(authorityB.webAdmin(), authorityB.webAdminTrust());
            adminA.putPeer(AUTHORITY_B, authorityB.webAdmin());
            adminB.putPeer(AUTHORITY_A, authorityA.webAdmin());
            AuthorityAdmin.Accredited aAccreditation = adminA.accredit(adminA.registerOrganization("Example A", A_CONTACT),
                A_DOMAIN, List.of("mx." + A_DOMAIN));
            AuthorityAdmin.Accredited bAccreditation = adminB.accredit(adminB.registerOrganization("Example B", "contact@b.example"),
                B_DOMAIN, List.of("mx." + B_DOMAIN));
            return startMailServers(layout, ca, authorityA, adminA, authorityB, adminB, aAccreditation, bAccreditation, aSmtpPort, bSmtpPort,
                mailServerSettings, Map.of(), UnaryOperator.identity(), started);
        } catch (Exception e) {
            ParallelStart.closeAll(started);
            throw e;
        }
    }

    /**
     * One authority's settings: its name, and on a shared Cassandra a keyspace of its own, on a shared
     * OpenSearch indices of its own (two operators share nothing).
     */
    private static Map<String, String> named(Map<String, String> settings, String name) {
        Map<String, String> named = new HashMap<>(settings);
        named.put("authority.name", name);
        if ("cassandra".equals(settings.get("authority.store"))) {
            named.put("cassandra.keyspace", name.replace('-', '_'));
        }
        if ("opensearch".equals(settings.get("authority.analytics"))) {
            named.put("authority.analytics.opensearch.index.prefix", name + "-");
        }
        return named;
    }

    /** The two mail servers, side by side (a needs only b's port, known beforehand), each with its domain's authority. */
    private static DemoCluster startMailServers(DemoLayout layout, DemoCertificates ca, JamesProcess authority, AuthorityAdmin admin,
                                                JamesProcess bAuthority, AuthorityAdmin bAdmin, AuthorityAdmin.Accredited aAccreditation,
                                                AuthorityAdmin.Accredited bAccreditation, int aSmtpPort, int bSmtpPort,
                                                Map<String, String> mailServerSettings, Map<String, String> aDeliveryParameters,
                                                UnaryOperator<MailServer.Builder> bOptions, List<AutoCloseable> started) throws Exception {
        MailServer.Builder bBuilder = bOptions.apply(settings(MailServer.builder(layout, ca, B_DOMAIN), mailServerSettings)
            .authority(bAuthority.webAdmin(), bAccreditation.serverId(), bAccreditation.passphrase())
            .user("bob")
            .user("contact")
            .smtpPort(bSmtpPort));
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
        DemoCluster cluster = new DemoCluster(layout, ca, authority, admin, bAuthority, bAdmin, aAccreditation, bAccreditation, a, b,
            mailServerSettings);
        cluster.writeEndpoints();
        return cluster;
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

    /** A protocol client of b.example's authority (the one authority, or ciers-b in the federated demo). */
    public AuthorityClient bAuthorityClient(Duration timeout) {
        return new AuthorityClient(new AuthorityClient.Settings(bAuthority.webAdmin(), timeout, bAuthority.webAdminTrust()), new CiersXml());
    }

    public AuthorityAdmin admin() {
        return admin;
    }

    /** b.example's authority: the one authority, or ciers-b in the federated demo. */
    public JamesProcess bAuthority() {
        return bAuthority;
    }

    public AuthorityAdmin bAdmin() {
        return bAdmin;
    }

    public boolean isFederated() {
        return bAuthority != authority;
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
            .authority(bAuthority.webAdmin(), bAccreditation.serverId(), bAccreditation.passphrase())
            .user("bob")
            .start();
    }

    /** Writes the demo CA's root certificate (PEM), for a program that must trust the demo's servers. */
    public void writeCaRoot(Path pem) throws IOException {
        ca.writeRoot(pem);
    }

    /** TLS trusting the demo CA, for a client the test builds itself. */
    public javax.net.ssl.SSLContext clientTls() {
        return ca.clientContext();
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
            if (isFederated()) {
                // a.example's authority above; b.example's here, with the key set that lists both authorities' keys
                out.write("authority.name=" + AUTHORITY_A + "\n");
                out.write("authority.b.name=" + AUTHORITY_B + "\n");
                out.write("authority.b.url=" + bAuthority.webAdmin() + "\n");
                out.write("authority.b.keys=" + bAuthority.webAdmin() + "/ciers/v1/keys\n");
            }
            out.write("authority.keys=" + authority.webAdmin() + "/ciers/v1/keys\n");
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
        ParallelStart.closeAll(isFederated() ? List.of(a, b, authority, bAuthority) : List.of(a, b, authority));
        Files.deleteIfExists(layout.endpointsFile());
    }
}
