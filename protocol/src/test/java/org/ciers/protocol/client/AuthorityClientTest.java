package org.ciers.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.xml.CiersXml;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * The client against real HTTP(S) servers on loopback (the JDK's own, and a raw socket where a
 * server must misbehave): keep-alive reuse, a connection the server closed while idle, a server
 * that never answers, chunked answers, and HTTPS with the certificate and host name checked.
 */
class AuthorityClientTest {
    static final AuthToSendRequest ASK = new AuthToSendRequest(ServerId.of("AAAAAAAAAAAAAAAAAAA1"), Passphrase.of("p4ssphr4sep4ssphr4se"),
        DomainName.of("b.example"));
    static final AuthToSendResponse.Granted GRANTED = new AuthToSendResponse.Granted(ServerId.of("BBBBBBBBBBBBBBBBBBB2"),
        MessageId.of("ciers.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), List.of("mx.b.example"));
    static final CiersXml XML = new CiersXml();

    private HttpServer server;
    private ServerSocket raw;
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.stop(0);
        }
        if (raw != null) {
            raw.close();
        }
    }

    private void answer(HttpExchange exchange, boolean chunked) throws IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        exchange.getRequestBody().readAllBytes();
        byte[] body = XML.write(GRANTED);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(200, chunked ? 0 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private URI plainAuthority(boolean chunked) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(AuthorityClient.PROTOCOL_PATH, exchange -> answer(exchange, chunked));
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static AuthorityClient client(URI authority, Duration timeout, Optional<SSLContext> tls) {
        return new AuthorityClient(new AuthorityClient.Settings(authority, timeout, tls), XML);
    }

    @Test
    void plainHttpGoesOnlyToALoopbackAddress() {
        for (String url : List.of("http://authority.example:8000", "http://192.0.2.1", "http://127.0.0.1.example", "http://[2001:db8::1]",
            "http://localhost:8000", "ftp://127.0.0.1")) {
            assertThatThrownBy(() -> new AuthorityClient.Settings(URI.create(url), Duration.ofSeconds(1), Optional.empty()))
                .as(url).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
        }
        for (String url : List.of("http://127.0.0.1:8000", "http://127.0.0.2", "http://[::1]:8000",
            "https://authority.example:8000")) {
            assertThat(new AuthorityClient.Settings(URI.create(url), Duration.ofSeconds(1), Optional.empty()).baseUrl()).hasToString(url);
        }
    }

    @Test
    void requestsShareOneKeptAliveConnection() throws Exception {
        AuthorityClient client = client(plainAuthority(false), Duration.ofSeconds(5), Optional.empty());

        for (int i = 0; i < 5; i++) {
            assertThat(client.authToSend(ASK)).usingRecursiveComparison().isEqualTo(GRANTED);
        }

        assertThat(clientPorts).hasSize(5);
        assertThat(clientPorts.stream().distinct()).hasSize(1);
    }

    @Test
    void aChunkedAnswerIsRead() throws Exception {
        AuthorityClient client = client(plainAuthority(true), Duration.ofSeconds(5), Optional.empty());

        assertThat(client.authToSend(ASK)).usingRecursiveComparison().isEqualTo(GRANTED);
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplacedWithoutAnError() throws Exception {
        // answers one request per connection, then closes it without saying so (no Connection: close)
        raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!raw.isClosed()) {
                try (Socket connection = raw.accept()) {
                    clientPorts.add(connection.getPort());
                    readRequest(connection.getInputStream());
                    byte[] body = XML.write(GRANTED);
                    connection.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    connection.getOutputStream().write(body);
                    connection.getOutputStream().flush();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        AuthorityClient client = client(URI.create("http://127.0.0.1:" + raw.getLocalPort()), Duration.ofSeconds(5), Optional.empty());

        assertThat(client.authToSend(ASK)).isInstanceOf(AuthToSendResponse.Granted.class);
        assertThat(client.authToSend(ASK)).isInstanceOf(AuthToSendResponse.Granted.class);

        assertThat(clientPorts).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void aServerThatNeverAnswersIsUnavailableWithinTheTimeout() throws Exception {
        raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> held = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(raw.accept());
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        AuthorityClient client = client(URI.create("http://127.0.0.1:" + raw.getLocalPort()), Duration.ofMillis(500), Optional.empty());

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.authToSend(ASK))
            .isInstanceOf(AuthorityUnavailableException.class)
            .hasMessageContaining("did not answer in time");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        for (Socket socket : held) {
            socket.close();
        }
    }

    @Test
    void nothingListeningIsUnavailable() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        AuthorityClient client = client(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2), Optional.empty());

        assertThatThrownBy(() -> client.authToSend(ASK))
            .isInstanceOf(AuthorityUnavailableException.class);
    }

    @Test
    void httpsChecksTheCertificateChainAndTheHostName(@TempDir Path directory) throws Exception {
        KeyStore rightName = selfSigned(directory.resolve("right.p12"), "ip:127.0.0.1");
        KeyStore otherName = selfSigned(directory.resolve("other.p12"), "dns:other.example");
        int rightPort = https(rightName);
        int otherPort = https(otherName);
        SSLContext trustingBoth = trusting(rightName, otherName);

        assertThat(client(URI.create("https://127.0.0.1:" + rightPort), Duration.ofSeconds(5), Optional.of(trustingBoth))
            .authToSend(ASK)).usingRecursiveComparison().isEqualTo(GRANTED);
        // a trusted certificate for another name
        assertThatThrownBy(() -> client(URI.create("https://127.0.0.1:" + otherPort), Duration.ofSeconds(5), Optional.of(trustingBoth))
            .authToSend(ASK)).isInstanceOf(AuthorityUnavailableException.class);
        // the right name, but the JVM's default trust does not know this certificate
        assertThatThrownBy(() -> client(URI.create("https://127.0.0.1:" + rightPort), Duration.ofSeconds(5), Optional.empty())
            .authToSend(ASK)).isInstanceOf(AuthorityUnavailableException.class);
    }

    private final List<HttpServer> httpsServers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopHttps() {
        httpsServers.forEach(https -> https.stop(0));
    }

    /** A PKCS#12 keystore with a self-signed EC certificate for {@code san}, made by the JDK's own keytool. */
    private static KeyStore selfSigned(Path keystore, String san) throws Exception {
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "authority", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=authority",
            "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
            "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        return store;
    }

    private int https(KeyStore keystore) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keystore, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        https.createContext(AuthorityClient.PROTOCOL_PATH, exchange -> answer(exchange, false));
        https.start();
        httpsServers.add(https);
        return https.getAddress().getPort();
    }

    private static SSLContext trusting(KeyStore... certificates) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        int i = 0;
        for (KeyStore store : certificates) {
            trusted.setCertificateEntry("trusted-" + i++, store.getCertificate("authority"));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            head.append((char) b);
        }
        int at = head.toString().toLowerCase().indexOf("content-length:");
        int length = Integer.parseInt(head.substring(at + 15, head.indexOf("\r\n", at)).trim());
        in.readNBytes(length);
    }
}
