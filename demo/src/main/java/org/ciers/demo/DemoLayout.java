package org.ciers.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/** Where the demo finds the James distribution and the role configurations, and where it writes. */
public record DemoLayout(Path projectDirectory) {
    public static final String PROJECT_DIR_PROPERTY = "ciers.project.dir";

    public static DemoLayout fromSystemProperties() {
        Path project = Path.of(System.getProperty(PROJECT_DIR_PROPERTY, ".")).toAbsolutePath().normalize();
        DemoLayout layout = new DemoLayout(project);
        if (!Files.exists(layout.jamesApp().resolve("james-server-memory-app.jar"))) {
            throw new IllegalStateException("no James distribution in " + layout.jamesApp()
                + ": build it first (./ciers demo does, or mvn -B -DskipTests package)");
        }
        return layout;
    }

    public Path jamesApp() {
        return projectDirectory.resolve("distribution/target/james/james-server-memory-app");
    }

    public Path roleConfiguration(String role) {
        return projectDirectory.resolve("james-conf").resolve(role);
    }

    public Path demoDirectory() {
        return projectDirectory.resolve("target/ciers-demo");
    }

    public Path endpointsFile() {
        return demoDirectory().resolve("endpoints.properties");
    }

    /**
     * The key that seals the demo authorities' private keys at rest ({@code authority.ca.key}):
     * made once, kept in the demo directory, the same for every authority node and restart, as an
     * operator configures it.
     */
    public synchronized String authorityAtRestKey() throws IOException {
        Path file = demoDirectory().resolve("authority-at-rest.key");
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
        }
        return Files.readString(file).trim();
    }
}
