package org.ciers.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Each server a role's sample configuration turns on, or lets an administrator turn on (JMAP), has
 * an address and port of its own: James does not start when two listen on the same one.
 */
class SampleListenersTest {
    private static final String WILDCARD = "0.0.0.0";

    /** Where a server listens; James's JMAP server takes no address, so it listens on every one. */
    record Listener(String server, String host, int port) {
        boolean collidesWith(Listener other) {
            return port == other.port && (host.equals(other.host) || host.equals(WILDCARD) || other.host.equals(WILDCARD));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mta", "authority"})
    void noTwoListenersOfTheSampleShareAnAddressAndPort(String role) throws Exception {
        Path conf = InstallTest.PROJECT.resolve("james-conf").resolve(role);
        List<Listener> listeners = new ArrayList<>(protocolServers(conf));
        properties(conf.resolve("webadmin.properties")).ifPresentPort("port", "host", "webadmin", listeners);
        properties(conf.resolve("jmap.properties")).ifPresentPort("jmap.port", null, "jmap", listeners);

        assertThat(listeners).extracting(Listener::server).contains("webadmin");
        for (int i = 0; i < listeners.size(); i++) {
            for (int j = i + 1; j < listeners.size(); j++) {
                assertThat(listeners.get(i).collidesWith(listeners.get(j)))
                    .as("%s and %s", listeners.get(i), listeners.get(j)).isFalse();
            }
        }
    }

    /** The binds of every enabled protocol server (smtpserver, imapserver...), each of which must have one. */
    private static List<Listener> protocolServers(Path conf) throws Exception {
        List<Listener> listeners = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> listed = Files.list(conf)) {
            files = listed.filter(file -> file.getFileName().toString().endsWith("server.xml")).sorted().toList();
        }
        for (Path file : files) {
            NodeList servers = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile())
                .getDocumentElement().getChildNodes();
            for (int i = 0; i < servers.getLength(); i++) {
                if (servers.item(i) instanceof Element server && !"false".equals(server.getAttribute("enabled"))) {
                    List<Listener> binds = binds(file.getFileName() + " " + server.getTagName(), server);
                    assertThat(binds).as("the binds of %s in %s", server.getTagName(), file).isNotEmpty();
                    listeners.addAll(binds);
                }
            }
        }
        return listeners;
    }

    private static List<Listener> binds(String server, Element element) {
        List<Listener> listeners = new ArrayList<>();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element bind && bind.getTagName().equals("bind")) {
                for (String address : bind.getTextContent().split(",")) {
                    if (!address.isBlank()) {
                        int colon = address.lastIndexOf(':');
                        listeners.add(new Listener(server, address.substring(0, colon).trim(),
                            Integer.parseInt(address.substring(colon + 1).trim())));
                    }
                }
            }
        }
        return listeners;
    }

    private static SampleProperties properties(Path file) throws IOException {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            }
        }
        return new SampleProperties(properties);
    }

    private record SampleProperties(Properties properties) {
        void ifPresentPort(String portKey, String hostKey, String server, List<Listener> listeners) {
            String port = properties.getProperty(portKey);
            if (port != null) {
                String host = hostKey == null ? WILDCARD : properties.getProperty(hostKey, WILDCARD).trim();
                listeners.add(new Listener(server, host, Integer.parseInt(port.trim())));
            }
        }
    }
}
