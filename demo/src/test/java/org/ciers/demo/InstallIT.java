package org.ciers.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The administrator's path (docs/install.md): three stock James 3.8.1 memory servers, as the
 * Maven zip unpacks them with their libraries beside (the distribution module's {@code conf/} and
 * jar, before anything of CIERS; none of the project's sample files), made an authority and two
 * mail servers by {@code ./ciers install} (the installer's main class, as the script runs it),
 * then the edits an administrator makes on any James (ports, keystore, the outgoing gateway of a
 * test without DNS). alice@a.example writes to bob@b.example: delivered with CIERS, stamped,
 * counted. A second install run changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallIT {
    static final Duration DELIVERY = Duration.ofSeconds(90);
    /** The secret James's stock configuration gives its keystore. */
    static final String STOCK_KEYSTORE_SECRET = "james72laBalle";

    static DemoLayout layout;
    static DemoCertificates ca;
    static Path root;
    static Path jwtKey;
    static Path webAdminKeystore;
    static final List<AutoCloseable> started = new ArrayList<>();
    static JamesProcess authority;
    static Installed a;
    static Installed b;
    static Map<Path, List<String>> firstRuns = new TreeMap<>();

    record Installed(String domain, Path directory, int webAdminPort, int smtpPort, int submissionPort, int imapPort,
                     List<String> installArguments, JamesProcess[] james) {
        JamesProcess process() {
            return james[0];
        }
    }

    @BeforeAll
    static void start() throws Exception {
        layout = DemoLayout.fromSystemProperties();
        ca = DemoCertificates.createAuthority("CIERS install test CA");
        root = layout.demoDirectory().resolve("install");
        JamesProcess.deleteRecursively(root);
        Files.createDirectories(root);
        jwtKey = root.resolve("operator-public.pem");
        Files.writeString(jwtKey, OperatorToken.publicKeyPem());
        webAdminKeystore = root.resolve("authority-webadmin.p12");
        ca.writeServerKeystore(webAdminKeystore, "127.0.0.1");
        ca.writeRoot(root.resolve("ciers-ca.pem"));

        Path authorityDirectory = stockJames("authority");
        int authorityPort = FreePorts.next();
        List<String> authorityArguments = List.of("authority", authorityDirectory.toString(), "--jwt-public-key", jwtKey.toString(),
            "--https-keystore", webAdminKeystore.toString(), "--https-password", DemoCertificates.KEYSTORE_SECRET,
            "--set", "authority.name=ciers-install-test");
        firstRuns.put(authorityDirectory, install(authorityArguments));
        administer(authorityDirectory, authorityPort, Optional.empty());
        authority = JamesProcess.startInstalled("install-authority", authorityDirectory, authorityPort,
            Optional.of(ca.clientContext()));
        started.add(authority);

        AuthorityAdmin admin = new AuthorityAdmin(authority.webAdmin(), authority.webAdminTrust());
        AuthorityAdmin.Accredited aAccreditation = admin.accredit(admin.registerOrganization("Example A", "admin@a.example"),
            DemoCluster.A_DOMAIN, List.of("mx." + DemoCluster.A_DOMAIN));
        AuthorityAdmin.Accredited bAccreditation = admin.accredit(admin.registerOrganization("Example B", "admin@b.example"),
            DemoCluster.B_DOMAIN, List.of("mx." + DemoCluster.B_DOMAIN));
        b = mailServer(DemoCluster.B_DOMAIN, bAccreditation, Optional.empty());
        a = mailServer(DemoCluster.A_DOMAIN, aAccreditation, Optional.of(b.smtpPort()));
        for (Installed server : List.of(a, b)) {
            MailServerAdmin serverAdmin = new MailServerAdmin(server.process().webAdmin());
            serverAdmin.addDomain(server.domain());
        }
        new MailServerAdmin(a.process().webAdmin()).addUser(DemoCluster.ALICE, MailServer.PASSWORD);
        new MailServerAdmin(b.process().webAdmin()).addUser(DemoCluster.BOB, MailServer.PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    /** A mail server: installed, administered, started; {@code relayTo}: the port its outgoing mail goes to (no DNS here). */
    static Installed mailServer(String domain, AuthorityAdmin.Accredited accreditation, Optional<Integer> relayTo) throws Exception {
        Path directory = stockJames(domain);
        List<String> arguments = List.of("mta", directory.toString(), "--jwt-public-key", jwtKey.toString(),
            "--set", "mta.authority.url=" + authority.webAdmin(),
            "--set", "mta.authority.trust=file://conf/ciers-ca.pem",
            "--set", "mta.server.id=" + accreditation.serverId().asString(),
            "--set", "mta.server.passphrase=" + accreditation.passphrase().reveal());
        firstRuns.put(directory, install(arguments));
        int webAdminPort = FreePorts.next();
        Installed installed = new Installed(domain, directory, webAdminPort, FreePorts.next(), FreePorts.next(), FreePorts.next(), arguments,
            new JamesProcess[1]);
        administer(directory, webAdminPort, Optional.of(installed));
        Path conf = directory.resolve("conf");
        Files.copy(root.resolve("ciers-ca.pem"), conf.resolve("ciers-ca.pem"));
        ca.writeServerKeystore(conf.resolve("keystore"), "mx." + domain);
        Map<String, String> delivery = new LinkedHashMap<>();
        delivery.put("ciersTrust", "file://conf/ciers-ca.pem");
        relayTo.ifPresent(port -> {
            delivery.put("gateway", "127.0.0.1");
            delivery.put("gatewayPort", String.valueOf(port));
        });
        JamesProcess.setMailetParameters(conf.resolve("mailetcontainer.xml"), "org.ciers.mailets.smta.CiersRemoteDelivery", delivery);
        installed.james()[0] = JamesProcess.startInstalled("install-" + domain, directory, webAdminPort, Optional.empty());
        started.add(installed.process());
        return installed;
    }

    @Test
    @Order(1)
    void aliceWritesToBobWithCiersThroughServersSetUpByTheInstaller() throws Exception {
        MailClient mail = new MailClient(ca.clientContext());
        mail.submit(a.submissionPort(), DemoCluster.ALICE, MailServer.PASSWORD, DemoCluster.BOB, "installed", "Through installed servers.");

        List<String> received = mail.awaitMessages(b.imapPort(), DemoCluster.BOB, MailServer.PASSWORD, "INBOX", 1, DELIVERY);
        assertThat(MailClient.header(received.get(0), "X-CIERS-TrustValue")).containsExactly("20");
        assertThat(MailClient.header(received.get(0), "X-CIERS-ServerID")).hasSize(1);
        // the receipt of b.example's offline validation reaches the authority: counted once
        AuthorityAdmin admin = new AuthorityAdmin(authority.webAdmin(), authority.webAdminTrust());
        Awaitility.await().atMost(DELIVERY).until(() -> admin.domain(org.ciers.protocol.model.DomainName.of(DemoCluster.A_DOMAIN))
            .path("counters").path("transmissions").asLong() == 1);
    }

    @Test
    @Order(2)
    void eachRoleLogsItsStartUpSummaryWithoutProblems() throws Exception {
        assertThat(log(authority)).anyMatch(line -> line.contains("CIERS authority started: name ciers-install-test")
            && line.contains("routes CiersProtocolRoutes, OperatorRoutes, PortalRoutes") && line.contains("WebAdmin HTTPS"));
        for (Installed server : List.of(a, b)) {
            assertThat(log(server.process())).anyMatch(line -> line.contains("CIERS mail server started:")
                && line.contains("CIERS offered on smtpserver-global (127.0.0.1:" + server.smtpPort() + ") after STARTTLS")
                && line.contains("outgoing mail with CIERS"));
        }
        for (JamesProcess process : List.of(authority, a.process(), b.process())) {
            assertThat(log(process)).noneMatch(line -> line.contains("problem(s) logged at ERROR"));
        }
    }

    @Test
    @Order(3)
    void aSecondInstallChangesNothingAndKeepsTheAdministratorsEdits() throws Exception {
        Map<Path, String> before = new TreeMap<>();
        for (Path directory : firstRuns.keySet()) {
            before.putAll(digests(directory));
        }
        List<String> again = new ArrayList<>();
        again.addAll(install(List.of("authority", root.resolve("authority").toString(), "--jwt-public-key", jwtKey.toString(),
            "--https-keystore", webAdminKeystore.toString(), "--https-password", DemoCertificates.KEYSTORE_SECRET,
            "--set", "authority.name=ciers-install-test")));
        again.addAll(install(a.installArguments()));
        again.addAll(install(b.installArguments()));

        assertThat(again.stream().filter(line -> line.startsWith("Nothing changed"))).hasSize(3);
        Map<Path, String> after = new TreeMap<>();
        for (Path directory : firstRuns.keySet()) {
            after.putAll(digests(directory));
        }
        assertThat(after).isEqualTo(before);
        // the first run said what it did, and named what it left
        assertThat(firstRuns.get(a.directory())).anyMatch(line -> line.contains("conf/smtpserver.xml: startTLS=\"true\" on smtpserver-global"));
        assertThat(firstRuns.get(a.directory())).anyMatch(line -> line.startsWith("Left to you"));
        assertThat(a.directory().resolve("conf/smtpserver.xml.before-ciers")).exists();
    }

    /**
     * The two half configurations an administrator met: the authority's protocol routes left out of
     * extensions.routes (it looked healthy and answered 404), and the mail server's port-25 block
     * back to the stock startTLS="false". Restarted so, each names its problem at ERROR. Last: the
     * memory authority forgets its registrations when restarted.
     */
    @Test
    @Order(4)
    void aHalfConfigurationIsNamedAtStart() throws Exception {
        Path authorityDirectory = authority.workingDirectory();
        authority.close();
        JamesProcess.replace(authorityDirectory.resolve("conf/webadmin.properties"), "org.ciers.authority.transmission.CiersProtocolRoutes,", "");
        int authorityLines = log(authority).size();
        authority = JamesProcess.startInstalled("install-authority", authorityDirectory, authority.webAdmin().getPort(),
            Optional.of(ca.clientContext()));
        started.add(authority);

        b.process().close();
        JamesProcess.replace(b.directory().resolve("conf/smtpserver.xml"), "<tls socketTLS=\"false\" startTLS=\"true\">",
            "<tls socketTLS=\"false\" startTLS=\"false\">");
        int bLines = log(b.process()).size();
        b.james()[0] = JamesProcess.startInstalled("install-" + b.domain(), b.directory(), b.webAdminPort(), Optional.empty());
        started.add(b.process());

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(log(authority).subList(authorityLines, log(authority).size())).anyMatch(line -> line.contains("ERROR")
                && line.contains("extensions.routes lacks org.ciers.authority.transmission.CiersProtocolRoutes"));
            assertThat(log(b.process()).subList(bLines, log(b.process()).size())).anyMatch(line -> line.contains("ERROR")
                && line.contains("smtpserver smtpserver-global (127.0.0.1:" + b.smtpPort() + ") has the CIERS handlers but startTLS=\"false\""));
        });
    }

    /** A stock James directory: the zip's jar and conf/, its libraries beside (linked, not copied: 122 MB). */
    static Path stockJames(String name) throws IOException {
        Path directory = root.resolve(name);
        Files.createDirectories(directory);
        Path stock = layout.jamesApp();
        Files.copy(stock.resolve("james-server-memory-app.jar"), directory.resolve("james-server-memory-app.jar"));
        Files.createSymbolicLink(directory.resolve("james-server-memory-app.lib"), stock.resolve("james-server-memory-app.lib").toAbsolutePath());
        JamesProcess.copyDirectory(stock.resolve("conf"), directory.resolve("conf"));
        return directory;
    }

    /** Runs the installer as {@code ./ciers install} does; answers its output lines. */
    static List<String> install(List<String> arguments) throws IOException, InterruptedException {
        Path project = Path.of(System.getProperty("ciers.project.dir"));
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
            "-Dciers.project.dir=" + project, "-cp", project.resolve("installer/target/classes").toString(), "org.ciers.install.Install"));
        command.addAll(arguments);
        Process installer = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(installer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(installer.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(installer.exitValue()).as(output).isZero();
        return output.lines().toList();
    }

    /**
     * What an administrator edits on any James, CIERS or not: every listener on 127.0.0.1 and a port
     * of its own, JMAP and JMX off, the keystore's secret, the log file in the server's directory.
     */
    static void administer(Path directory, int webAdminPort, Optional<Installed> mailServer) throws IOException {
        Path conf = directory.resolve("conf");
        JamesProcess.setProperty(conf.resolve("webadmin.properties"), "port", String.valueOf(webAdminPort));
        JamesProcess.setProperty(conf.resolve("webadmin.properties"), "host", "127.0.0.1");
        JamesProcess.setProperty(conf.resolve("jmap.properties"), "enabled", "false");
        JamesProcess.setProperty(conf.resolve("jmx.properties"), "jmx.enabled", "false");
        JamesProcess.replace(conf.resolve("logback.xml"), "<file>/logs/james.log</file>", "<file>logs/james.log</file>");
        JamesProcess.replace(conf.resolve("logback.xml"), "<immediateFlush>false</immediateFlush>", "<immediateFlush>true</immediateFlush>");
        if (mailServer.isEmpty()) {
            // the authority holds no mail: James's mail protocols off
            JamesProcess.replace(conf.resolve("smtpserver.xml"), "<smtpserver enabled=\"true\">", "<smtpserver enabled=\"false\">");
            JamesProcess.replace(conf.resolve("imapserver.xml"), "<imapserver enabled=\"true\">", "<imapserver enabled=\"false\">");
            return;
        }
        Installed server = mailServer.get();
        String smtp = Files.readString(conf.resolve("smtpserver.xml"))
            .replace("0.0.0.0:25<", "127.0.0.1:" + server.smtpPort() + "<")
            .replace("0.0.0.0:587<", "127.0.0.1:" + server.submissionPort() + "<")
            .replace(STOCK_KEYSTORE_SECRET, DemoCertificates.KEYSTORE_SECRET);
        smtp = disable(smtp, "smtpserver", "smtpserver-TLS");
        Files.writeString(conf.resolve("smtpserver.xml"), smtp);
        String imap = Files.readString(conf.resolve("imapserver.xml"))
            .replace("0.0.0.0:143<", "127.0.0.1:" + server.imapPort() + "<")
            .replace(STOCK_KEYSTORE_SECRET, DemoCertificates.KEYSTORE_SECRET);
        imap = disable(imap, "imapserver", "imapserver-ssl");
        Files.writeString(conf.resolve("imapserver.xml"), imap);
    }

    /** The server block of that JMX name switched off (a port this test does not need). */
    static String disable(String xml, String element, String jmxName) {
        return Pattern.compile("<" + element + " enabled=\"true\">(\\s*<jmxName>" + Pattern.quote(jmxName) + "</jmxName>)")
            .matcher(xml).replaceFirst("<" + element + " enabled=\"false\">$1");
    }

    static List<String> log(JamesProcess process) throws IOException {
        return Files.readAllLines(process.workingDirectory().resolve("logs/james.log"));
    }

    /** Every file's SHA-256 under the directory (its libraries' link not followed), by path. */
    static Map<Path, String> digests(Path directory) throws IOException {
        Map<Path, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).filter(file -> !file.toString().contains("/logs/")
                && !file.toString().contains("/var/") && !file.getFileName().toString().equals("james.out")).toList()) {
                digests.put(file, HexFormat.of().formatHex(sha256(Files.readAllBytes(file))));
            }
        }
        return digests;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
