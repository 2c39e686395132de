package org.ciers.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One real James server: {@code java -jar james-server-memory-app.jar} of the distribution, run
 * in its own working directory holding the stock configuration overlaid with a role's files from
 * james-conf, and the CIERS extension jars. Listens on 127.0.0.1 only.
 */
public final class JamesProcess implements AutoCloseable {
    /**
     * How long a James may take to answer after its launch: one alone starts in about 6 s, but a
     * test that starts seven at once on two cores beside a Cassandra node has seen one still
     * starting after 90 s.
     */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    /** The James processes' heap: {@value #DEFAULT_HEAP} unless this system property says otherwise (the bench's 10^6 transmissions). */
    /** James's own "started" check: the others (the CIERS authority among them) may rightly fail on a server that is up. */
    static final String STARTED_CHECK = "/healthcheck/checks/Guice%20application%20lifecycle";
    public static final String HEAP_PROPERTY = "ciers.james.heap";
    static final String DEFAULT_HEAP = "512m";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final String JAR = "james-server-memory-app.jar";
    static final String WEBADMIN_KEYSTORE = "webadmin-keystore.p12";
    static final String PEERS_CA = "peers-ca.pem";

    private final String role;
    private final Path workingDirectory;
    private final int webAdminPort;
    private final List<String> command;
    /** The CA WebAdmin's HTTPS certificate chains to, when it serves HTTPS. */
    private final Optional<SSLContext> webAdminTrust;
    private final Map<String, String> environment;
    private Process process;

    private JamesProcess(String role, Path workingDirectory, int webAdminPort, List<String> command, Optional<SSLContext> webAdminTrust,
                         Map<String, String> environment, Process process) {
        this.role = role;
        this.workingDirectory = workingDirectory;
        this.webAdminPort = webAdminPort;
        this.command = List.copyOf(command);
        this.webAdminTrust = webAdminTrust;
        this.environment = Map.copyOf(environment);
        this.process = process;
    }

    /** Stops the server (SIGTERM) and starts it again on the same ports, configuration and working directory. */
    public void restart() throws IOException, InterruptedException {
        close();
        startAgain();
    }

    /** Starts the server again after it stopped or was killed, on the same ports, configuration and working directory. */
    public void startAgain() throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException(role + " James still runs");
        }
        process = launch(command, workingDirectory, environment);
        awaitWebAdmin();
    }

    private static Process launch(List<String> command, Path workingDirectory, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return builder
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(workingDirectory.resolve("james.out").toFile()))
            .start();
    }

    /** Adapts a role's configuration to this run (ports, credentials, keystore) before James starts. */
    @FunctionalInterface
    public interface ConfigurationStep {
        void apply(Path conf) throws IOException, InterruptedException;
    }

    /** Lays out the working directory, starts James and waits until its WebAdmin answers. */
    public static JamesProcess start(String role, DemoLayout layout, Path roleConfiguration) throws IOException, InterruptedException {
        return start(role, layout, roleConfiguration, conf -> { });
    }

    public static JamesProcess start(String role, DemoLayout layout, Path roleConfiguration, ConfigurationStep step)
        throws IOException, InterruptedException {
        return start(role, layout, roleConfiguration, Map.of(), step);
    }

    /** The same, with further variables in the process's environment (e.g. a library to preload). */
    public static JamesProcess start(String role, DemoLayout layout, Path roleConfiguration, Map<String, String> environment,
                                     ConfigurationStep step) throws IOException, InterruptedException {
        Path workingDirectory = layout.demoDirectory().resolve(role);
        deleteRecursively(workingDirectory);
        Path conf = workingDirectory.resolve("conf");
        copyDirectory(layout.jamesApp().resolve("conf"), conf);
        copyDirectory(roleConfiguration, conf);
        copyDirectory(layout.jamesApp().resolve("extensions-jars"), workingDirectory.resolve("extensions-jars"));
        int webAdminPort = FreePorts.next();
        setProperty(conf.resolve("webadmin.properties"), "port", String.valueOf(webAdminPort));
        setProperty(conf.resolve("webadmin.properties"), "host", "127.0.0.1");
        // the run's operator key: the demo's and the tests' admin calls carry tokens it signed
        Files.writeString(conf.resolve(OperatorToken.PUBLIC_KEY_FILE), OperatorToken.publicKeyPem());
        step.apply(conf);
        // the working directory starts empty: a WebAdmin keystore is there only when startAuthority chose HTTPS
        Optional<SSLContext> webAdminTrust = Files.exists(conf.resolve(WEBADMIN_KEYSTORE))
            ? Optional.of(trustingTheRootOf(conf.resolve(WEBADMIN_KEYSTORE))) : Optional.empty();
        return launchIn(role, workingDirectory, layout.jamesApp().resolve(JAR), webAdminPort, webAdminTrust, environment);
    }

    /**
     * Starts a James an administrator set up in {@code jamesDirectory} (its jar, conf/ and
     * extensions-jars/ there, as {@code ./ciers install} leaves them), whose WebAdmin listens on
     * 127.0.0.1:{@code webAdminPort}, with HTTPS trusted by {@code webAdminTrust} when present.
     */
    public static JamesProcess startInstalled(String role, Path jamesDirectory, int webAdminPort, Optional<SSLContext> webAdminTrust)
        throws IOException, InterruptedException {
        return launchIn(role, jamesDirectory, jamesDirectory.resolve(JAR), webAdminPort, webAdminTrust, Map.of());
    }

    private static JamesProcess launchIn(String role, Path workingDirectory, Path jar, int webAdminPort, Optional<SSLContext> webAdminTrust,
                                         Map<String, String> environment) throws IOException, InterruptedException {
        Path conf = workingDirectory.resolve("conf");
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xms64m", "-Xmx" + System.getProperty(HEAP_PROPERTY, DEFAULT_HEAP),
            "-Djava.net.preferIPv4Stack=true",
            "-Dworking.directory=" + workingDirectory.toAbsolutePath(),
            "-Dlogback.configurationFile=" + conf.resolve("logback.xml").toAbsolutePath(),
            "-jar", jar.toAbsolutePath().toString()));
        Files.deleteIfExists(workingDirectory.resolve("james.out"));
        JamesProcess james = new JamesProcess(role, workingDirectory, webAdminPort, command, webAdminTrust, environment,
            launch(command, workingDirectory, environment));
        try {
            james.awaitWebAdmin();
        } catch (IOException | RuntimeException | InterruptedException e) {
            james.close();
            throw e;
        }
        return james;
    }

    /**
     * Starts an authority (james-conf/authority) with further ciers.properties settings, e.g. its
     * Cassandra store, serving plain HTTP on loopback (as tests may: spec §4).
     */
    public static JamesProcess startAuthority(String role, DemoLayout layout, Map<String, String> settings)
        throws IOException, InterruptedException {
        return startAuthority(role, layout, settings, Optional.empty());
    }

    /**
     * The same, with the authority's own outgoing mail (report notifications) relayed to
     * 127.0.0.1:{@code mailPort}: there is no DNS on loopback.
     */
    public static JamesProcess startAuthority(String role, DemoLayout layout, Map<String, String> settings, Optional<Integer> mailPort)
        throws IOException, InterruptedException {
        return startAuthority(role, layout, settings, mailPort, Optional.empty());
    }

    /**
     * The same, serving HTTPS as the sample does when {@code httpsCa} is given: WebAdmin's certificate
     * for 127.0.0.1 is issued by that CA, which the demo's mail servers and clients trust.
     */
    public static JamesProcess startAuthority(String role, DemoLayout layout, Map<String, String> settings, Optional<Integer> mailPort,
                                              Optional<DemoCertificates> httpsCa) throws IOException, InterruptedException {
        String atRestKey = layout.authorityAtRestKey();
        return start(role, layout, layout.roleConfiguration("authority"), conf -> {
            if (httpsCa.isPresent()) {
                httpsCa.get().writeServerKeystore(conf.resolve(WEBADMIN_KEYSTORE), "127.0.0.1");
                setProperty(conf.resolve("webadmin.properties"), "https.keystore", "conf/" + WEBADMIN_KEYSTORE);
                setProperty(conf.resolve("webadmin.properties"), "https.password", DemoCertificates.KEYSTORE_SECRET);
                // a peer authority of the demo serves HTTPS from the same CA
                httpsCa.get().writeRoot(conf.resolve(PEERS_CA));
                setProperty(conf.resolve("ciers.properties"), "authority.peers.ca", "conf/" + PEERS_CA);
            } else {
                setProperty(conf.resolve("webadmin.properties"), "https.enabled", "false");
            }
            // every node and restart opens the private keys the first node sealed
            setProperty(conf.resolve("ciers.properties"), "authority.ca.key", atRestKey);
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                setProperty(conf.resolve("ciers.properties"), setting.getKey(), setting.getValue());
            }
            if (mailPort.isPresent()) {
                // plain SMTP: the demo's CA is not in the JVM's trust store that RemoteDelivery checks
                setMailetParameters(conf.resolve("mailetcontainer.xml"), "RemoteDelivery",
                    Map.of("gateway", "127.0.0.1", "gatewayPort", String.valueOf(mailPort.get()), "startTLS", "false"));
            }
        });
    }

    public String role() {
        return role;
    }

    public URI webAdmin() {
        return URI.create((webAdminTrust.isPresent() ? "https" : "http") + "://127.0.0.1:" + webAdminPort);
    }

    /** The trust for this WebAdmin's HTTPS; empty when it serves plain HTTP. */
    public Optional<SSLContext> webAdminTrust() {
        return webAdminTrust;
    }

    public Path workingDirectory() {
        return workingDirectory;
    }

    public Path log() {
        return workingDirectory.resolve("logs").resolve("james.log");
    }

    public long pid() {
        return process.pid();
    }

    /** Freezes the process (SIGSTOP): it keeps its sockets and state but answers nothing, like a hung server. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Kills the process at once (SIGKILL), as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Lets a paused process run again (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** The first ERROR line of the log and what follows it (or the end of james.out), a few lines. */
    private String firstError() {
        try {
            List<String> lines = Files.exists(log()) ? Files.readAllLines(log()) : List.of();
            int at = IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains("ERROR")).findFirst().orElse(-1);
            if (at >= 0) {
                return String.join("\n", lines.subList(at, Math.min(lines.size(), at + 12)));
            }
            List<String> out = Files.readAllLines(workingDirectory.resolve("james.out"));
            return String.join("\n", out.subList(Math.max(0, out.size() - 12), out.size()));
        } catch (IOException | RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void awaitWebAdmin() throws IOException, InterruptedException {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        webAdminTrust.ifPresent(client::sslContext);
        HttpClient http = client.build();
        HttpRequest health = HttpRequest.newBuilder(webAdmin().resolve(STARTED_CHECK)).timeout(Duration.ofSeconds(5)).GET().build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                // the cause in the failure itself: the files are overwritten by the next test's servers
                throw new IllegalStateException(role + " James exited with " + process.exitValue() + " while starting; see "
                    + log() + " and " + workingDirectory.resolve("james.out") + "; its first error:\n" + firstError());
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // still starting
            }
            // poll with a bound, not as synchronisation: a process gives no other readiness signal
            process.waitFor(250, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException(role + " James did not answer on " + webAdmin() + " within " + START_TIMEOUT.toSeconds() + " s");
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        try {
            resume();
        } catch (IOException e) {
            // not paused, or already gone: SIGTERM below either way
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Replaces every occurrence of {@code from} in a configuration file; the file must contain it. */
    public static void replace(Path file, String from, String to) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        if (!content.contains(from)) {
            throw new IOException(file + " has no " + from);
        }
        Files.writeString(file, content.replace(from, to), StandardCharsets.UTF_8);
    }

    /** Sets {@code key=value} in a properties file, replacing the key's line or adding one. */
    public static void setProperty(Path file, String key, String value) throws IOException {
        String content = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        Pattern line = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*=.*$");
        Matcher matcher = line.matcher(content);
        String updated = matcher.find()
            ? matcher.replaceAll(Matcher.quoteReplacement(key + "=" + value))
            : content + (content.isEmpty() || content.endsWith("\n") ? "" : "\n") + key + "=" + value + "\n";
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }

    /** TLS trusting the root at the end of the chain a server keystore holds: how this launcher checks that server. */
    private static SSLContext trustingTheRootOf(Path pkcs12) throws IOException {
        try (InputStream in = Files.newInputStream(pkcs12)) {
            KeyStore serverKeys = KeyStore.getInstance("PKCS12");
            serverKeys.load(in, DemoCertificates.KEYSTORE_SECRET.toCharArray());
            Certificate[] chain = serverKeys.getCertificateChain(serverKeys.aliases().nextElement());
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("root", chain[chain.length - 1]);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the WebAdmin keystore " + pkcs12, e);
        }
    }

    /** Sets parameters of a mailet (the first of class {@code mailetClass}) in mailetcontainer.xml, replacing those present. */
    public static void setMailetParameters(Path mailetContainer, String mailetClass, Map<String, String> parameters) throws IOException {
        String content = Files.readString(mailetContainer, StandardCharsets.UTF_8);
        Matcher mailet = Pattern.compile("(?s)(<mailet [^>]*class=\"" + Pattern.quote(mailetClass) + "\"[^>]*>)(.*?)(</mailet>)")
            .matcher(content);
        if (!mailet.find()) {
            throw new IOException(mailetContainer + " has no mailet " + mailetClass);
        }
        String body = mailet.group(2);
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String element = "<" + parameter.getKey() + ">" + parameter.getValue() + "</" + parameter.getKey() + ">";
            Pattern existing = Pattern.compile("<" + Pattern.quote(parameter.getKey()) + ">[^<]*</" + Pattern.quote(parameter.getKey()) + ">");
            body = existing.matcher(body).find()
                ? existing.matcher(body).replaceAll(Matcher.quoteReplacement(element))
                : body + "    " + element + "\n            ";
        }
        Files.writeString(mailetContainer, content.substring(0, mailet.start(2)) + body + content.substring(mailet.end(2)),
            StandardCharsets.UTF_8);
    }

    /** Points a {@code <bind>host:port</bind>} of an XML server configuration at 127.0.0.1:port. */
    public static void setBind(Path file, int port) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, content.replaceAll("<bind>[^<]*</bind>", "<bind>127.0.0.1:" + port + "</bind>"), StandardCharsets.UTF_8);
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static void copyDirectory(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
