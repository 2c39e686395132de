package org.ciers.cassandra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server the tests and the demo fork as a process of its own ({@link CassandraNode}, the
 * OpenSearch node): started with its output appended to a file in its directory, never outliving
 * the JVM that started it, ready when {@link #ready()} says so, killed as in a crash, restarted on
 * the same ports and data, stopped with SIGTERM. A subclass gives its command line and its
 * readiness check.
 */
public abstract class ForkedServer implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** How often readiness is checked while the server starts. */
    private static final Duration POLL = Duration.ofMillis(250);

    private final String name;
    private final List<String> command;
    private final Path directory;
    private final Path output;
    private final Duration startTimeout;
    private Process process;

    /** {@code name} names the server in errors; its output goes to {@code directory}/{@code outputFile}. */
    protected ForkedServer(String name, List<String> command, Path directory, String outputFile, Duration startTimeout) {
        this.name = name;
        this.command = List.copyOf(command);
        this.directory = directory;
        this.output = directory.resolve(outputFile);
        this.startTimeout = startTimeout;
    }

    /** Whether the started server answers yet (polled while it starts). */
    protected abstract boolean ready() throws IOException, InterruptedException;

    /** Starts the process and waits until it is ready; killed if it does not get there. */
    protected void launch() throws IOException, InterruptedException {
        process = new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
            .start();
        // the server must not outlive the JVM that started it (a test run, the demo)
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        try {
            awaitReady();
        } catch (IOException | RuntimeException | InterruptedException e) {
            kill();
            throw e;
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(startTimeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; see " + output);
            }
            if (ready()) {
                return;
            }
            // polls with a bound: the server gives no other readiness signal
            process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException(name + " was not ready within " + startTimeout.toSeconds() + " s; see " + output);
    }

    /** The process, for its CPU time (the bench) or a signal. */
    public long pid() {
        return process.pid();
    }

    /** Where the server keeps its data, logs and output. */
    public Path directory() {
        return directory;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills the server at once (SIGKILL): no flush, as in a crash. */
    public void kill() throws InterruptedException {
        if (isRunning()) {
            process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Starts the server again on the same ports and data after {@link #kill()} or {@link #close()}. */
    public void restart() throws IOException, InterruptedException {
        if (isRunning()) {
            throw new IllegalStateException(name + " is running");
        }
        launch();
    }

    /** Stops the server (SIGTERM: Cassandra flushes), killing it if it does not stop in time. */
    @Override
    public void close() throws InterruptedException {
        if (!isRunning()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Empties a server's directory before a fresh start. */
    public static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
