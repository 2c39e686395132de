package org.ciers.demo;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
