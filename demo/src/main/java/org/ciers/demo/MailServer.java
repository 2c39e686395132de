package org.ciers.demo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;

/**
 * A CIERS mail server of the demo: a James process with james-conf/mta (receiving and sending
 * side), its own ports, a certificate from the demo CA, and its accreditation.
 */
public final class MailServer implements AutoCloseable {
    public static final String PASSWORD = "secret";
    /** The PEM file, in a server's conf/, of the CA whose certificates its outgoing deliveries trust. */
    public static final String TRUSTED_CA = "ciers-ca.pem";
    private static final String DELIVERY_MAILET = "org.ciers.mailets.smta.CiersRemoteDelivery";

    private final String domain;
    private final List<String> users;
    private final JamesProcess james;
    private final int smtpPort;
    private final int imapPort;
    private final int manageSievePort;
    private final Optional<Integer> jmapPort;

    private MailServer(String domain, List<String> users, JamesProcess james, int smtpPort, int imapPort, int manageSievePort,
                       Optional<Integer> jmapPort) {
        this.domain = domain;
        this.users = List.copyOf(users);
        this.james = james;
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
        this.manageSievePort = manageSievePort;
        this.jmapPort = jmapPort;
    }

    public static Builder builder(DemoLayout layout, DemoCertificates ca, String domain) {
        return new Builder(layout, ca, domain);
    }

    public static final class Builder {
        private final DemoLayout layout;
        private final DemoCertificates ca;
        private final String domain;
        private String role;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final Map<String, String> deliveryParameters = new LinkedHashMap<>();
        private final List<String> users = new ArrayList<>();
        private boolean startTls = true;
        private int smtpPort = FreePorts.next();
        private KeyStore keystore;
        private JamesProcess.ConfigurationStep extraStep = conf -> { };
        private Optional<Path> loopbackBindLibrary = Optional.empty();

        private Builder(DemoLayout layout, DemoCertificates ca, String domain) {
            this.layout = layout;
            this.ca = ca;
            this.domain = domain;
            this.role = domain;
        }

        /** The name of the server's working directory, the domain's by default: a second MX host of a domain needs another. */
        public Builder role(String name) {
            role = name;
            return this;
        }

        /** The authority this server asks, and the server ID and passphrase it was accredited with. */
        public Builder authority(URI authorityUrl, ServerId serverId, Passphrase passphrase) {
            settings.put("mta.authority.url", authorityUrl.toString());
            if ("https".equals(authorityUrl.getScheme())) {
                // the demo CA issued the authority's certificate too
                settings.put("mta.authority.trust", "file://conf/" + TRUSTED_CA);
            }
            settings.put("mta.server.id", serverId.asString());
            settings.put("mta.server.passphrase", passphrase.reveal());
            return this;
        }

        /** A further ciers.properties setting (policy, threshold, timeout). */
        public Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /** A mailbox {@code user@domain} with the demo password. */
        public Builder user(String user) {
            users.add(user + "@" + domain);
            return this;
        }

        /** Outgoing mail goes to 127.0.0.1:port (RemoteDelivery's gateway) instead of the MX of its domain. */
        public Builder relayTo(int smtpPort) {
            deliveryParameters.put("gateway", "127.0.0.1");
            deliveryParameters.put("gatewayPort", String.valueOf(smtpPort));
            return this;
        }

        /** A parameter of the CiersRemoteDelivery mailet, e.g. ciersWithoutTls. */
        public Builder deliveryParameter(String name, String value) {
            deliveryParameters.put(name, value);
            return this;
        }

        /** The server's key and certificate from elsewhere (e.g. the authority's CA) instead of the demo CA's. */
        public Builder keystore(byte[] pkcs12, String password) throws IOException {
            try {
                KeyStore loaded = KeyStore.getInstance("PKCS12");
                loaded.load(new ByteArrayInputStream(pkcs12), password.toCharArray());
                // James reads it with the demo's keystore secret
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                for (String alias : Collections.list(loaded.aliases())) {
                    store.setKeyEntry(alias, loaded.getKey(alias, password.toCharArray()), DemoCertificates.KEYSTORE_SECRET.toCharArray(),
                        loaded.getCertificateChain(alias));
                }
                keystore = store;
                return this;
            } catch (GeneralSecurityException e) {
                throw new IOException("not a PKCS#12 keystore with this password", e);
            }
        }

        /** The SMTP port, when others must know it before this server starts. */
        public Builder smtpPort(int port) {
            smtpPort = port;
            return this;
        }

        /** The SMTP server offers no STARTTLS (a recipient that cannot do CIERS). */
        public Builder withoutStartTls() {
            startTls = false;
            return this;
        }

        /** A further change to the server's configuration, made after the others (e.g. an added mailet). */
        public Builder configure(JamesProcess.ConfigurationStep step) {
            extraStep = step;
            return this;
        }

        /**
         * JMAP (RFC 8621) over plain HTTP on 127.0.0.1, for tests only: James 3.8.1's JMAP server
         * takes a port but no address and would listen on every interface, so the process starts
         * with {@code library} preloaded (demo/src/test/c/loopback_bind.c), which binds a wildcard
         * listener to loopback instead. The sample keeps JMAP off (docs/client.md).
         */
        public Builder jmapOnLoopback(Path library) {
            if (!Files.isRegularFile(library)) {
                throw new IllegalArgumentException("no loopback bind library at " + library + " (the build compiles it before the tests)");
            }
            loopbackBindLibrary = Optional.of(library);
            return this;
        }

        public MailServer start() throws IOException, InterruptedException {
            Objects.requireNonNull(settings.get("mta.server.id"), "authority(...) first");
            int imapPort = FreePorts.next();
            int manageSievePort = FreePorts.next();
            Optional<Integer> jmapPort = loopbackBindLibrary.map(library -> FreePorts.next());
            Map<String, String> environment = loopbackBindLibrary
                .map(library -> Map.of("LD_PRELOAD", library.toAbsolutePath().toString()))
                .orElse(Map.of());
            Map<String, String> delivery = new LinkedHashMap<>();
            delivery.put("ciersTrust", "file://conf/" + TRUSTED_CA);
            delivery.putAll(deliveryParameters);
            JamesProcess james = JamesProcess.start(role, layout, layout.roleConfiguration("mta"), environment, conf -> {
                if (keystore == null) {
                    ca.writeServerKeystore(conf.resolve("keystore"), "mx." + domain);
                } else {
                    try (OutputStream out = Files.newOutputStream(conf.resolve("keystore"))) {
                        keystore.store(out, DemoCertificates.KEYSTORE_SECRET.toCharArray());
                    } catch (GeneralSecurityException e) {
                        throw new IOException(e);
                    }
                }
                ca.writeRoot(conf.resolve(TRUSTED_CA));
                JamesProcess.setBind(conf.resolve("smtpserver.xml"), smtpPort);
                JamesProcess.setBind(conf.resolve("imapserver.xml"), imapPort);
                JamesProcess.setBind(conf.resolve("managesieveserver.xml"), manageSievePort);
                if (!startTls) {
                    JamesProcess.replace(conf.resolve("smtpserver.xml"), "startTLS=\"true\"", "startTLS=\"false\"");
                }
                for (Map.Entry<String, String> setting : settings.entrySet()) {
                    JamesProcess.setProperty(conf.resolve("ciers.properties"), setting.getKey(), setting.getValue());
                }
                JamesProcess.setMailetParameters(conf.resolve("mailetcontainer.xml"), DELIVERY_MAILET, delivery);
                if (jmapPort.isPresent()) {
                    Path jmap = conf.resolve("jmap.properties");
                    JamesProcess.setProperty(jmap, "enabled", "true");
                    JamesProcess.setProperty(jmap, "jmap.port", String.valueOf(jmapPort.get()));
                    JamesProcess.setProperty(jmap, "url.prefix", "http://127.0.0.1:" + jmapPort.get());
                }
                extraStep.apply(conf);
            });
            MailServer server = new MailServer(domain, users, james, smtpPort, imapPort, manageSievePort, jmapPort);
            try {
                server.addDomainAndUsers();
            } catch (IOException | RuntimeException e) {
                james.close();
                throw e;
            }
            return server;
        }
    }

    private void addDomainAndUsers() throws IOException, InterruptedException {
        MailServerAdmin admin = admin();
        admin.addDomain(domain);
        for (String user : users) {
            admin.addUser(user, PASSWORD);
        }
    }

    /**
     * Kills James (SIGKILL, as a crash would) and starts it again on the same ports and working
     * directory. Its files (the receipt journal among them) are as the crash left them; the memory
     * server's domains, users and mailboxes are gone, and its domain and users are added again.
     */
    public void crashAndRestart() throws IOException, InterruptedException {
        james.kill();
        james.startAgain();
        addDomainAndUsers();
    }

    public String domain() {
        return domain;
    }

    public MailServerAdmin admin() {
        return new MailServerAdmin(james.webAdmin());
    }

    public JamesProcess james() {
        return james;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    /** ManageSieve (RFC 5804), with TLS from the first byte: where the users' Sieve scripts are written. */
    public int manageSievePort() {
        return manageSievePort;
    }

    /** The JMAP port on 127.0.0.1, when the server was built {@link Builder#jmapOnLoopback with JMAP}. */
    public int jmapPort() {
        return jmapPort.orElseThrow(() -> new IllegalStateException(domain + " serves no JMAP"));
    }

    @Override
    public void close() throws InterruptedException {
        james.close();
    }
}
