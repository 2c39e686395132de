package org.ciers.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One run of the installer on one James directory: what it changed, file by file, and what is left
 * to the administrator. A file is written only when its content changes, after a copy of it as it
 * was before the first change ({@code NAME.before-ciers}, never overwritten), so a second run
 * changes nothing and the backup stays the administrator's own file.
 */
final class Installation {
    static final String BACKUP_SUFFIX = ".before-ciers";
    /** An extension jar of this project, with its version: {@code ciers-mailets-0.1.0-SNAPSHOT.jar}. */
    private static final Pattern CIERS_JAR = Pattern.compile("(ciers-[a-z-]+?)-\\d[^/]*\\.jar");

    private final Path jamesDirectory;
    private final List<String> changes = new ArrayList<>();
    private final List<String> leftToYou = new ArrayList<>();

    Installation(Path jamesDirectory) throws IOException {
        if (!Files.isDirectory(jamesDirectory.resolve("conf")) || !Files.exists(jamesDirectory.resolve("james-server-memory-app.jar"))) {
            throw new IOException(jamesDirectory + " is not a James server directory (no conf/ or james-server-memory-app.jar)");
        }
        this.jamesDirectory = jamesDirectory;
    }

    Path conf(String name) {
        return jamesDirectory.resolve("conf").resolve(name);
    }

    void changed(Path file, String what) {
        changes.add(jamesDirectory.relativize(file) + ": " + what);
    }

    void leftToYou(String what) {
        leftToYou.add(what);
    }

    List<String> changes() {
        return List.copyOf(changes);
    }

    void save(PropertiesFile file) throws IOException {
        if (file.changed()) {
            backUp(file.path());
            Files.writeString(file.path(), file.content(), StandardCharsets.UTF_8);
        }
    }

    void save(XmlFile file) throws IOException {
        if (file.changed()) {
            backUp(file.path());
            Files.writeString(file.path(), file.content(), StandardCharsets.UTF_8);
        }
    }

    /** Copies a file the administrator has none of (a sample to edit); an existing one is theirs and kept. */
    void copyIfAbsent(Path sample, Path target, String what) throws IOException {
        if (!Files.exists(target)) {
            Files.copy(sample, target);
            changed(target, what);
        }
    }

    /**
     * Puts each jar of {@code jars} into {@code extensions-jars/}: a jar already there with the same
     * bytes is left alone; another version of one of this project's jars is replaced (two versions
     * on James's class path would load either).
     */
    void installJars(Path jars) throws IOException {
        Path target = jamesDirectory.resolve("extensions-jars");
        Files.createDirectories(target);
        List<Path> sources;
        try (Stream<Path> listed = Files.list(jars)) {
            sources = listed.filter(path -> path.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        if (sources.isEmpty()) {
            throw new IOException("no jars in " + jars + " (build first: mvn -B -DskipTests package)");
        }
        for (Path source : sources) {
            String name = source.getFileName().toString();
            Path installed = target.resolve(name);
            if (Files.exists(installed) && sameBytes(source, installed)) {
                continue;
            }
            Matcher ours = CIERS_JAR.matcher(name);
            if (ours.matches()) {
                try (Stream<Path> present = Files.list(target)) {
                    for (Path other : present.toList()) {
                        Matcher otherName = CIERS_JAR.matcher(other.getFileName().toString());
                        if (!other.equals(installed) && otherName.matches() && otherName.group(1).equals(ours.group(1))) {
                            Files.delete(other);
                            changed(other, "removed (replaced by " + name + ")");
                        }
                    }
                }
            }
            boolean replaced = Files.exists(installed);
            Files.copy(source, installed, StandardCopyOption.REPLACE_EXISTING);
            changed(installed, replaced ? "replaced by the built jar" : "added");
        }
    }

    void report(PrintStream out) {
        if (changes.isEmpty()) {
            out.println("Nothing changed: " + jamesDirectory + " already has everything this installer does.");
        } else {
            out.println("Changed in " + jamesDirectory + " (each changed file's original is kept as NAME" + BACKUP_SUFFIX + "):");
            changes.forEach(change -> out.println("  - " + change));
        }
        if (!leftToYou.isEmpty()) {
            out.println("Left to you (docs/install.md says how):");
            leftToYou.forEach(item -> out.println("  - " + item));
        }
    }

    private void backUp(Path file) throws IOException {
        Path backup = file.resolveSibling(file.getFileName() + BACKUP_SUFFIX);
        if (Files.exists(file) && !Files.exists(backup)) {
            Files.copy(file, backup);
        }
    }

    private static boolean sameBytes(Path a, Path b) throws IOException {
        return Files.size(a) == Files.size(b) && Arrays.equals(digest(a), digest(b));
    }

    private static byte[] digest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                sha256.update(buffer, 0, read);
            }
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
