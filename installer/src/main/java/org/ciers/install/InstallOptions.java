package org.ciers.install;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line: {@code authority|mta JAMES_DIR [options]}. Every option is one the administrator
 * may give again on a later run with the same effect.
 */
record InstallOptions(Role role, Path jamesDirectory, Path jars, Path samples, Map<String, String> settings,
                      Optional<Path> jwtPublicKey, Optional<Path> httpsKeystore, Optional<String> httpsPassword,
                      Optional<String> smtpServer) {

    enum Role { AUTHORITY, MTA }

    static final String USAGE = String.join("\n",
        "usage: ./ciers install authority|mta JAMES_DIR [options]",
        "  --set KEY=VALUE             a ciers.properties setting (repeatable); secrets are better edited in the file",
        "  --jwt-public-key PEM        WebAdmin authentication: the token signers' public key (jwt.enabled=true)",
        "  --https-keystore P12        WebAdmin over HTTPS with this PKCS#12 keystore",
        "  --https-password SECRET     its password",
        "  --smtp-server JMXNAME       mta: the smtpserver block that gets CIERS (default: the one bound to port 25)",
        "  --jars DIR                  the jars to install (default: the project's distribution build)");

    static InstallOptions parse(List<String> args, Path projectDirectory) {
        if (args.size() < 2) {
            throw new IllegalArgumentException(USAGE);
        }
        Role role = switch (args.get(0)) {
            case "authority" -> Role.AUTHORITY;
            case "mta" -> Role.MTA;
            default -> throw new IllegalArgumentException("unknown role " + args.get(0) + "\n" + USAGE);
        };
        Path jamesDirectory = Path.of(args.get(1)).toAbsolutePath().normalize();
        Path jars = projectDirectory.resolve("distribution/target/james/james-server-memory-app/extensions-jars");
        Map<String, String> settings = new LinkedHashMap<>();
        Optional<Path> jwt = Optional.empty();
        Optional<Path> keystore = Optional.empty();
        Optional<String> password = Optional.empty();
        Optional<String> smtpServer = Optional.empty();
        for (int i = 2; i < args.size(); i++) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
            }
            String value = args.get(++i);
            switch (option) {
                case "--set" -> {
                    int equals = value.indexOf('=');
                    if (equals <= 0) {
                        throw new IllegalArgumentException("--set takes KEY=VALUE, not " + value);
                    }
                    settings.put(value.substring(0, equals).trim(), value.substring(equals + 1).trim());
                }
                case "--jwt-public-key" -> jwt = Optional.of(existing(value, option));
                case "--https-keystore" -> keystore = Optional.of(existing(value, option));
                case "--https-password" -> password = Optional.of(value);
                case "--smtp-server" -> smtpServer = Optional.of(value);
                case "--jars" -> jars = existing(value, option);
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        if (role == Role.AUTHORITY && smtpServer.isPresent()) {
            throw new IllegalArgumentException("--smtp-server is for mta: the authority offers no CIERS verb");
        }
        return new InstallOptions(role, jamesDirectory, jars, projectDirectory.resolve("james-conf"), Collections.unmodifiableMap(settings), jwt, keystore,
            password, smtpServer);
    }

    Path sample(String file) {
        return samples.resolve(role == Role.AUTHORITY ? "authority" : "mta").resolve(file);
    }

    private static Path existing(String value, String option) {
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(option + ": no file " + path);
        }
        return path;
    }
}
