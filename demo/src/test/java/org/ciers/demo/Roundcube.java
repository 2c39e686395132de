package org.ciers.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Roundcube (scripts/ensure-webmail installs it) with the project's add-in, served by
 * PHP's own web server on 127.0.0.1 for one test: an instance directory of its own (configuration,
 * SQLite database, the plugin linked from the project's {@code webmail/}), nothing of Debian's
 * configuration changed, no web server package started.
 */
final class Roundcube implements AutoCloseable {
    static final Path DEBIAN_INSTALL = Path.of("/var/lib/roundcube");
    static final Path SCHEMA = Path.of("/usr/share/roundcube/SQL/sqlite.initial.sql");
    private static final Duration START = Duration.ofSeconds(30);
    /** Plugins Roundcube refuses to run without. */
    private static final List<String> REQUIRED_PLUGINS = List.of("filesystem_attachments", "jqueryui");
    /** Roundcube's defaults, read before the instance's config.inc.php. */
    private static final List<String> SHIPPED_CONFIGURATION = List.of("defaults.inc.php", "mimetypes.php");

    private final Process server;
    private final URI url;
    private final Path directory;

    private Roundcube(Process server, URI url, Path directory) {
        this.server = server;
        this.url = url;
        this.directory = directory;
    }

    /**
     * Starts Roundcube in {@code directory} for the users of {@code mail}, over IMAP, SMTP and
     * ManageSieve with STARTTLS, trusting {@code caPem} for the name {@code serverName}.
     */
    static Roundcube start(Path directory, Path projectDirectory, MailServer mail, Path caPem, String serverName) throws Exception {
        if (!Files.exists(DEBIAN_INSTALL.resolve("index.php"))) {
            throw new IllegalStateException("no Roundcube in " + DEBIAN_INSTALL + ": scripts/ensure-webmail installs it");
        }
        deleteRecursively(directory);
        Path config = Files.createDirectories(directory.resolve("config"));
        Path plugins = Files.createDirectories(directory.resolve("plugins"));
        Path documents = Files.createDirectories(directory.resolve("public"));
        Files.createDirectories(directory.resolve("temp"));
        Files.createDirectories(directory.resolve("logs"));
        Files.createSymbolicLink(plugins.resolve("ciers_trust"), projectDirectory.resolve("webmail/ciers_trust").toAbsolutePath());
        for (String required : REQUIRED_PLUGINS) {
            Files.createSymbolicLink(plugins.resolve(required), DEBIAN_INSTALL.resolve("plugins").resolve(required));
        }
        for (String shipped : SHIPPED_CONFIGURATION) {
            Files.createSymbolicLink(config.resolve(shipped), DEBIAN_INSTALL.resolve("config").resolve(shipped));
        }
        Files.createSymbolicLink(documents.resolve("plugins"), plugins.toAbsolutePath());
        Files.createSymbolicLink(documents.resolve("skins"), DEBIAN_INSTALL.resolve("skins"));
        Files.createSymbolicLink(documents.resolve("program"), DEBIAN_INSTALL.resolve("public_html/program"));
        Files.writeString(documents.resolve("index.php"), "<?php\n"
            + "// Debian's Roundcube, with this instance's plugins (its configuration: ROUNDCUBE_CONFIG_DIR)\n"
            + "define('INSTALL_PATH', '" + DEBIAN_INSTALL + "/');\n"
            + "define('RCUBE_PLUGINS_DIR', " + php(plugins.toAbsolutePath() + "/") + ");\n"
            + "chdir(INSTALL_PATH);\n"
            + "include INSTALL_PATH . 'index.php';\n");
        String tls = "['ssl' => ['verify_peer' => true, 'verify_peer_name' => true, 'cafile' => " + php(caPem.toAbsolutePath().toString())
            + ", 'peer_name' => " + php(serverName) + "]]";
        byte[] key = new byte[12];
        new SecureRandom().nextBytes(key);
        Path database = directory.resolve("roundcube.db").toAbsolutePath();
        Files.writeString(config.resolve("config.inc.php"), "<?php\n$config = [];\n"
            + "$config['db_dsnw'] = " + php("sqlite:///" + database + "?mode=0600") + ";\n"
            + "$config['imap_host'] = " + php("tls://127.0.0.1:" + mail.imapPort()) + ";\n"
            + "$config['imap_conn_options'] = " + tls + ";\n"
            + "$config['smtp_host'] = " + php("tls://127.0.0.1:" + mail.smtpPort()) + ";\n"
            + "$config['smtp_conn_options'] = " + tls + ";\n"
            + "$config['smtp_user'] = '%u';\n$config['smtp_pass'] = '%p';\n"
            + "$config['des_key'] = " + php(HexFormat.of().formatHex(key)) + ";\n"
            + "$config['temp_dir'] = " + php(directory.resolve("temp").toAbsolutePath() + "/") + ";\n"
            + "$config['log_dir'] = " + php(directory.resolve("logs").toAbsolutePath() + "/") + ";\n"
            // the plugins' style sheets are looked for here (by default under Debian's install, which has not this plugin)
            + "$config['assets_dir'] = " + php(documents.toAbsolutePath() + "/") + ";\n"
            + "$config['plugins'] = ['ciers_trust'];\n"
            + "$config['skin'] = 'elastic';\n"
            + "$config['junk_mbox'] = 'Spam';\n"
            + "$config['enable_installer'] = false;\n"
            + "$config['ciers_spam_mailbox'] = 'Spam';\n"
            + "$config['ciers_managesieve_host'] = 'tls://127.0.0.1';\n"
            + "$config['ciers_managesieve_port'] = " + mail.manageSievePort() + ";\n"
            + "$config['ciers_managesieve_tls'] = " + tls.substring("['ssl' => ".length(), tls.length() - 1) + ";\n");
        Process schema = new ProcessBuilder("php", "-r", "$db = new PDO('sqlite:' . $argv[1]); $db->exec(file_get_contents($argv[2]));"
            + " if ($db->errorCode() !== '00000') { fwrite(STDERR, implode(' ', $db->errorInfo())); exit(1); }",
            database.toString(), SCHEMA.toString()).redirectErrorStream(true).start();
        String schemaOutput = new String(schema.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!schema.waitFor(30, TimeUnit.SECONDS) || schema.exitValue() != 0) {
            throw new IllegalStateException("Roundcube's database was not made: " + schemaOutput);
        }
        int port = FreePorts.next();
        ProcessBuilder builder = new ProcessBuilder("php", "-S", "127.0.0.1:" + port, "-t", documents.toString())
            .redirectErrorStream(true).redirectOutput(directory.resolve("logs/php-server.log").toFile());
        builder.environment().put("ROUNDCUBE_CONFIG_DIR", config.toAbsolutePath().toString());
        Process server = builder.start();
        URI url = URI.create("http://127.0.0.1:" + port + "/");
        Roundcube roundcube = new Roundcube(server, url, directory);
        roundcube.awaitAnswer();
        return roundcube;
    }

    URI url() {
        return url;
    }

    /** Roundcube's own log of errors (PHP's and the plugin's), for a failing test to show. */
    String errors() throws IOException {
        Path errors = directory.resolve("logs/errors.log");
        return Files.exists(errors) ? Files.readString(errors) : "";
    }

    private void awaitAnswer() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(START);
        while (true) {
            try {
                HttpResponse<String> login = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
                if (login.statusCode() == 200 && login.body().contains("rcmloginuser")) {
                    return;
                }
                throw new IllegalStateException("Roundcube answered " + login.statusCode() + ": " + login.body());
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline) || !server.isAlive()) {
                    close();
                    throw new IllegalStateException("PHP's server did not answer at " + url, notYet);
                }
            }
            // polls with a bound: PHP's server gives no other readiness signal
            server.waitFor(100, TimeUnit.MILLISECONDS);
        }
    }

    /** A PHP single-quoted string. */
    private static String php(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
            for (Path file : all) {
                Files.delete(file);
            }
        }
    }

    @Override
    public void close() {
        server.destroy();
        try {
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
