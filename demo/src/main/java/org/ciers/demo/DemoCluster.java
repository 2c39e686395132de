package org.ciers.demo;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.xml.CiersXml;

/**
 * The demo's servers on 127.0.0.1: a CIERS authority (a real James process) with the domains
 * a.example and b.example accredited through its admin routes, and endpoints.properties telling
 * any client where they are.
 */
public final class DemoCluster implements AutoCloseable {
    public static final String A_DOMAIN = "a.example";
    public static final String B_DOMAIN = "b.example";

    private final DemoLayout layout;
    private final JamesProcess authority;
    private final AuthorityAdmin.Accredited a;
    private final AuthorityAdmin.Accredited b;
    private final AuthorityAdmin admin;
    private final AuthorityClient authorityClient;

    private DemoCluster(DemoLayout layout, JamesProcess authority, AuthorityAdmin admin, AuthorityAdmin.Accredited a,
                        AuthorityAdmin.Accredited b) {
        this.layout = layout;
        this.authority = authority;
        this.admin = admin;
        this.a = a;
        this.b = b;
        // one client, so its pool keeps the connection to the authority alive across requests
        this.authorityClient = new AuthorityClient(new AuthorityClient.Settings(authority.webAdmin(), Duration.ofSeconds(10),
            Optional.empty()), new CiersXml());
    }

    public static DemoCluster start(DemoLayout layout) throws IOException, InterruptedException {
        Files.createDirectories(layout.demoDirectory());
        Files.deleteIfExists(layout.endpointsFile());
        JamesProcess authority = JamesProcess.start("authority", layout, layout.roleConfiguration("authority"));
        try {
            AuthorityAdmin admin = new AuthorityAdmin(authority.webAdmin());
            AuthorityAdmin.Accredited a = admin.accredit(admin.registerOrganization("Example A", "postmaster@a.example"),
                A_DOMAIN, List.of("mx." + A_DOMAIN));
            AuthorityAdmin.Accredited b = admin.accredit(admin.registerOrganization("Example B", "postmaster@b.example"),
                B_DOMAIN, List.of("mx." + B_DOMAIN));
            DemoCluster cluster = new DemoCluster(layout, authority, admin, a, b);
            cluster.writeEndpoints();
            return cluster;
        } catch (IOException | RuntimeException e) {
            authority.close();
            throw e;
        }
    }

    public JamesProcess authority() {
        return authority;
    }

    public AuthorityAdmin admin() {
        return admin;
    }

    public AuthorityAdmin.Accredited a() {
        return a;
    }

    public AuthorityAdmin.Accredited b() {
        return b;
    }

    /** A client of the authority's protocol routes, as an SMTA or RMTA holds one. */
    public AuthorityClient authorityClient() {
        return authorityClient;
    }

    private void writeEndpoints() throws IOException {
        try (Writer out = Files.newBufferedWriter(layout.endpointsFile(), StandardCharsets.UTF_8)) {
            out.write("# written by ./ciers demo while its servers run; see docs/demo.md\n");
            out.write("authority.url=" + authority.webAdmin() + "\n");
            out.write("authority.webadmin=" + authority.webAdmin() + "\n");
            out.write("a.domain=" + a.domain() + "\n");
            out.write("a.server_id=" + a.serverId() + "\n");
            out.write("a.passphrase=" + a.passphrase().reveal() + "\n");
            out.write("b.domain=" + b.domain() + "\n");
            out.write("b.server_id=" + b.serverId() + "\n");
            out.write("b.passphrase=" + b.passphrase().reveal() + "\n");
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        authority.close();
        Files.deleteIfExists(layout.endpointsFile());
    }
}
