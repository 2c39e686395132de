package org.ciers.cassandra;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Cassandra 5.0 node in a forked Java 17 process: free loopback ports, data in a
 * directory of its own, the JVM flags Cassandra needs on Java 17. The jars come from Maven Central
 * through the cassandra-server module (its target/cassandra.classpath).
 */
public final class CassandraNode extends ForkedServer {
    public static final String PROJECT_DIR_PROPERTY = "ciers.project.dir";
    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** How long nodetool may take (a compaction). */
    private static final Duration NODETOOL_TIMEOUT = Duration.ofMinutes(5);
    private static final String CLASSPATH_FILE = "cassandra-server/target/cassandra.classpath";

    private final int nativePort;
    private final int jmxPort;

    private CassandraNode(Path directory, int nativePort, int jmxPort, List<String> command) {
        super("Cassandra", command, directory, "cassandra.out", START_TIMEOUT);
        this.nativePort = nativePort;
        this.jmxPort = jmxPort;
    }

    /** Starts a node with its data under {@code directory} (emptied first) and waits until CQL answers. */
    public static CassandraNode start(Path directory, String heap) throws IOException, InterruptedException {
        ForkedServer.deleteRecursively(directory);
        Files.createDirectories(directory);
        int storagePort = LoopbackPorts.next();
        int nativePort = LoopbackPorts.next();
        int jmxPort = LoopbackPorts.next();
        Path yaml = directory.resolve("cassandra.yaml");
        Files.writeString(yaml, resource("cassandra.yaml")
            .replace("@DIR@", directory.toAbsolutePath().toString())
            .replace("@STORAGE_PORT@", String.valueOf(storagePort))
            .replace("@NATIVE_PORT@", String.valueOf(nativePort)), StandardCharsets.UTF_8);

        String classpath = Files.readString(classpathFile(), StandardCharsets.UTF_8).trim();
        String jamm = Arrays.stream(classpath.split(File.pathSeparator))
            .filter(entry -> Path.of(entry).getFileName().toString().startsWith("jamm-"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no jamm jar in " + classpathFile()));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        resource("jvm17.flags").lines().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(command::add);
        command.addAll(List.of("-Xms" + heap, "-Xmx" + heap, "-javaagent:" + jamm,
            "-Dcassandra.config=" + yaml.toUri(),
            "-Dcassandra.storagedir=" + directory.toAbsolutePath(),
            "-Dcassandra.logdir=" + directory.resolve("logs").toAbsolutePath(),
            // JMX on loopback only, for nodetool (flush, compact)
            "-Dcassandra.jmx.local.port=" + jmxPort,
            "-cp", classpath, "org.apache.cassandra.service.CassandraDaemon"));
        CassandraNode node = new CassandraNode(directory, nativePort, jmxPort, command);
        node.launch();
        return node;
    }

    /** Runs {@code nodetool <arguments>} against this node (e.g. flush, compact) and waits for it. */
    public String nodetool(String... arguments) throws IOException, InterruptedException {
        String classpath = Files.readString(classpathFile(), StandardCharsets.UTF_8).trim();
        List<String> tool = new ArrayList<>();
        tool.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        resource("jvm17.flags").lines().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(tool::add);
        tool.addAll(List.of("-cp", classpath, "org.apache.cassandra.tools.NodeTool", "-h", "127.0.0.1", "-p", String.valueOf(jmxPort)));
        tool.addAll(List.of(arguments));
        Process process = new ProcessBuilder(tool).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(NODETOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("nodetool " + String.join(" ", arguments) + " failed: " + output);
        }
        return output;
    }

    /** The CQL address to give a driver as contact point. */
    public InetSocketAddress contactPoint() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), nativePort);
    }

    public int nativePort() {
        return nativePort;
    }

    /** Whether CQL answers: the node gives no other readiness signal. */
    @Override
    protected boolean ready() {
        try (Socket socket = new Socket()) {
            socket.connect(contactPoint(), 500);
            return true;
        } catch (IOException notYetListening) {
            return false;
        }
    }

    private static Path classpathFile() {
        String projectDir = System.getProperty(PROJECT_DIR_PROPERTY);
        if (projectDir == null) {
            throw new IllegalStateException("set -D" + PROJECT_DIR_PROPERTY + " to the project's root directory");
        }
        Path file = Path.of(projectDir).resolve(CLASSPATH_FILE);
        if (!Files.exists(file)) {
            throw new IllegalStateException("no " + file + ": build the project first (mvn -B -DskipTests package)");
        }
        return file;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = CassandraNode.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
