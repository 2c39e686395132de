package org.ciers.opensearch;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.ciers.cassandra.ForkedServer;
import org.ciers.cassandra.LoopbackPorts;

/**
 * A real OpenSearch 2.19 node in a forked Java 17 process: a single-node cluster on free loopback
 * ports, data in a directory of its own. The jars come from Maven Central through the
 * opensearch-server module (its target/opensearch.classpath and its main class), so that no test
 * class path mixes with OpenSearch's.
 */
public final class OpenSearchNode extends ForkedServer {
    public static final String PROJECT_DIR_PROPERTY = "ciers.project.dir";
    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String SERVER_MODULE = "opensearch-server/target/";
    private static final String MAIN_CLASS = "org.ciers.opensearch.server.OpenSearchServer";

    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private OpenSearchNode(Path directory, int httpPort, List<String> command) {
        super("OpenSearch", command, directory, "opensearch.out", START_TIMEOUT);
        this.httpPort = httpPort;
    }

    /** Starts a node with its data under {@code directory} (emptied first) and waits until its cluster answers. */
    public static OpenSearchNode start(Path directory, String heap) throws IOException, InterruptedException {
        ForkedServer.deleteRecursively(directory);
        Files.createDirectories(directory);
        int httpPort = LoopbackPorts.next();
        int transportPort = LoopbackPorts.next();
        Path serverModule = Path.of(projectDirectory()).resolve(SERVER_MODULE);
        Path classpathFile = serverModule.resolve("opensearch.classpath");
        if (!Files.exists(classpathFile)) {
            throw new IllegalStateException("no " + classpathFile + ": build the project first (mvn -B -DskipTests package)");
        }
        String classpath = Files.readString(classpathFile, StandardCharsets.UTF_8).trim() + File.pathSeparator + serverModule.resolve("classes");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xms" + heap, "-Xmx" + heap,
            // what OpenSearch's own launcher sets: no Log4j lookups from messages, its own temporary directory
            "-Dlog4j2.formatMsgNoLookups=true", "-Djava.io.tmpdir=" + directory.resolve("tmp").toAbsolutePath(),
            "-cp", classpath, MAIN_CLASS, directory.toAbsolutePath().toString(), String.valueOf(httpPort), String.valueOf(transportPort)));
        Files.createDirectories(directory.resolve("tmp"));
        OpenSearchNode node = new OpenSearchNode(directory, httpPort, command);
        node.launch();
        return node;
    }

    /** The base URL of the node's HTTP API. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    public int httpPort() {
        return httpPort;
    }

    /** Whether the cluster's health answers, its primaries allocated: the node gives no other readiness signal. */
    @Override
    protected boolean ready() throws InterruptedException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort), 500);
        } catch (IOException notYetListening) {
            return false;
        }
        try {
            return http.send(HttpRequest.newBuilder(url().resolve("/_cluster/health?wait_for_status=yellow&timeout=5s"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYetAnswering) {
            return false;
        }
    }

    private static String projectDirectory() {
        String projectDir = System.getProperty(PROJECT_DIR_PROPERTY);
        if (projectDir == null) {
            throw new IllegalStateException("set -D" + PROJECT_DIR_PROPERTY + " to the project's root directory");
        }
        return projectDir;
    }
}
