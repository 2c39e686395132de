package org.ciers.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.w3c.dom.Element;

/** What both roles install the same way: jars, Guice module and start-up report, routes, logger, settings, WebAdmin security. */
final class CommonSteps {
    /** James's stock logback.xml logs only org.apache.james at INFO: every CIERS line would be invisible. */
    static final String LOGGER = "org.ciers";
    static final String REQUEST_LOGGER = "org.apache.james.webadmin.mdc";
    static final String JWT_KEY_FILE = "jwt_publickey";
    static final String WEBADMIN_KEYSTORE_FILE = "webadmin-keystore.p12";

    private CommonSteps() {
    }

    static void extensions(Installation installation, String guiceModule, String startupReport) throws IOException {
        PropertiesFile extensions = PropertiesFile.read(installation.conf("extensions.properties"));
        if (!extensions.addToList("guice.extension.module", List.of(guiceModule)).isEmpty()) {
            installation.changed(extensions.path(), "guice.extension.module gains " + guiceModule);
        }
        if (!extensions.addToList("guice.extension.startable", List.of(startupReport)).isEmpty()) {
            installation.changed(extensions.path(), "guice.extension.startable gains " + startupReport + " (the start-up summary)");
        }
        installation.save(extensions);
    }

    /** James's health checks gain the role's own (healthcheck.properties {@code additional.healthchecks}). */
    static void healthChecks(Installation installation, List<String> checks) throws IOException {
        PropertiesFile healthChecks = PropertiesFile.read(installation.conf("healthcheck.properties"));
        List<String> added = healthChecks.addToList("additional.healthchecks", checks);
        if (!added.isEmpty()) {
            installation.changed(healthChecks.path(), "additional.healthchecks gains " + String.join(", ", added));
        }
        installation.save(healthChecks);
    }

    static void routes(Installation installation, List<String> routes) throws IOException {
        PropertiesFile webAdmin = PropertiesFile.read(installation.conf("webadmin.properties"));
        if (webAdmin.set("enabled", "true")) {
            installation.changed(webAdmin.path(), "enabled=true (the CIERS routes are WebAdmin routes)");
        }
        List<String> added = webAdmin.addToList("extensions.routes", routes);
        if (!added.isEmpty()) {
            installation.changed(webAdmin.path(), "extensions.routes gains " + String.join(", ", added));
        }
        installation.save(webAdmin);
    }

    /**
     * WebAdmin's authentication and HTTPS, when the administrator hands over the files; else they are
     * left to do, named.
     */
    static void webAdminSecurity(Installation installation, InstallOptions options, boolean operatorRoutes) throws IOException {
        PropertiesFile webAdmin = PropertiesFile.read(installation.conf("webadmin.properties"));
        if (options.jwtPublicKey().isPresent()) {
            Path key = installation.conf(JWT_KEY_FILE);
            copyReplacing(installation, options.jwtPublicKey().get(), key, "the WebAdmin token key (public)");
            if (webAdmin.set("jwt.enabled", "true") | webAdmin.set("jwt.publickeypem.url", "file://conf/" + JWT_KEY_FILE)) {
                installation.changed(webAdmin.path(), "jwt.enabled=true, jwt.publickeypem.url=file://conf/" + JWT_KEY_FILE);
            }
        } else if (!"true".equals(webAdmin.get("jwt.enabled").orElse("false"))) {
            installation.leftToYou("WebAdmin authentication (webadmin.properties jwt.enabled=true and jwt.publickeypem.url, or run again "
                + "with --jwt-public-key PEM): " + (operatorRoutes ? "the operator routes would answer anyone who reaches the port"
                : "the report routes would answer anyone who reaches the port"));
        }
        if (options.httpsKeystore().isPresent()) {
            Path keystore = installation.conf(WEBADMIN_KEYSTORE_FILE);
            copyReplacing(installation, options.httpsKeystore().get(), keystore, "the WebAdmin HTTPS keystore");
            boolean changed = webAdmin.set("https.enabled", "true") | webAdmin.set("https.keystore", "conf/" + WEBADMIN_KEYSTORE_FILE);
            if (options.httpsPassword().isPresent()) {
                changed |= webAdmin.set("https.password", options.httpsPassword().get());
            } else if (webAdmin.get("https.password").isEmpty()) {
                installation.leftToYou("https.password in webadmin.properties: the keystore's password (or run again with "
                    + "--https-password); James cannot open the keystore without it");
            }
            if (changed) {
                installation.changed(webAdmin.path(), "https.enabled=true with conf/" + WEBADMIN_KEYSTORE_FILE);
            }
        } else if (operatorRoutes && !"true".equals(webAdmin.get("https.enabled").orElse("false"))) {
            installation.leftToYou("HTTPS for WebAdmin (webadmin.properties https.enabled=true, https.keystore, https.password, or run "
                + "again with --https-keystore P12 --https-password SECRET): mail servers send their passphrases to these routes");
        }
        installation.save(webAdmin);
    }

    static void logger(Installation installation) throws IOException {
        Path path = installation.conf("logback.xml");
        if (!Files.exists(path)) {
            installation.leftToYou("a logback.xml with " + loggerElement(LOGGER, "INFO") + " and " + loggerElement(REQUEST_LOGGER, "WARN")
                + " (conf/logback.xml is missing)");
            return;
        }
        XmlFile logback = XmlFile.read(path);
        addLogger(installation, logback, LOGGER, "INFO", "CIERS's log lines, the start-up summary included");
        addLogger(installation, logback, REQUEST_LOGGER, "WARN", "WebAdmin's request logger writes whole bodies at INFO, "
            + "and the authority's carry passphrases");
        installation.save(logback);
    }

    private static void addLogger(Installation installation, XmlFile logback, String name, String level, String why) {
        Element configuration = logback.root();
        boolean present = XmlFile.children(configuration, "logger").stream().anyMatch(logger -> logger.getAttribute("name").equals(name));
        if (!present) {
            logback.append(configuration, logback.element("logger", orderedAttributes("name", name, "level", level), Map.of()));
            installation.changed(logback.path(), loggerElement(name, level) + " (" + why + ")");
        }
    }

    private static String loggerElement(String name, String level) {
        return "<logger name=\"" + name + "\" level=\"" + level + "\"/>";
    }

    /** The role's sample ciers.properties when there is none, then each {@code --set key=value}. */
    static void settings(Installation installation, Path sample, InstallOptions options) throws IOException {
        Path path = installation.conf("ciers.properties");
        installation.copyIfAbsent(sample, path, "the sample settings of this role, to edit");
        PropertiesFile settings = PropertiesFile.read(path);
        for (Map.Entry<String, String> setting : options.settings().entrySet()) {
            if (settings.set(setting.getKey(), setting.getValue())) {
                installation.changed(path, setting.getKey() + " set" + (isSecret(setting.getKey()) ? "" : " to " + setting.getValue()));
            }
        }
        installation.save(settings);
    }

    static Map<String, String> orderedAttributes(String... namesAndValues) {
        LinkedHashMap<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            attributes.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return attributes;
    }

    private static boolean isSecret(String key) {
        return key.contains("passphrase") || key.contains("password") || key.contains("secret") || key.endsWith(".key");
    }

    private static void copyReplacing(Installation installation, Path source, Path target, String what) throws IOException {
        if (Files.exists(target) && Files.mismatch(source, target) == -1) {
            return;
        }
        Path backup = target.resolveSibling(target.getFileName() + Installation.BACKUP_SUFFIX);
        if (Files.exists(target) && !Files.exists(backup)) {
            Files.copy(target, backup);
        }
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        installation.changed(target, what);
    }
}
