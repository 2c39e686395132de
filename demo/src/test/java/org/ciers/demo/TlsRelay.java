package org.ciers.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Carries a client's loopback session over TLS to a server on 127.0.0.1, checking that the
 * server's certificate names {@code hostName} and chains to the trusted CA, and leaves out of
 * the server's answers the lines equal to {@code hiddenLine}. For ManageSieve clients that know
 * only STARTTLS talking to James 3.8.1's ManageSieve, which works only with TLS from the first
 * byte (its STARTTLS refuses every later command) and there still advertises
 * {@code "STARTTLS"}: a client that sees it insists on it and is refused.
 */
final class TlsRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> sockets = new ArrayList<>();

    private TlsRelay(ServerSocket listener) {
        this.listener = listener;
    }

    static TlsRelay to(int serverPort, String hostName, SSLContext trust, String hiddenLine) throws IOException {
        ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        TlsRelay relay = new TlsRelay(listener);
        Thread acceptor = new Thread(() -> relay.accept(serverPort, hostName, trust, hiddenLine), "tls-relay");
        acceptor.setDaemon(true);
        acceptor.start();
        return relay;
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept(int serverPort, String hostName, SSLContext trust, String hiddenLine) {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket plain = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                SSLSocket server = (SSLSocket) trust.getSocketFactory().createSocket(plain, hostName, serverPort, true);
                SSLParameters parameters = server.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                server.setSSLParameters(parameters);
                server.startHandshake();
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(server);
                }
                pipe(client.getInputStream(), server.getOutputStream(), server, Optional.empty());
                pipe(server.getInputStream(), client.getOutputStream(), client, Optional.of(hiddenLine));
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
            }
        }
    }

    private static void pipe(InputStream from, OutputStream to, Socket closeAtEnd, Optional<String> hiddenLine) {
        Thread copier = new Thread(() -> {
            try (closeAtEnd) {
                if (hiddenLine.isEmpty()) {
                    from.transferTo(to);
                    return;
                }
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                for (int b = from.read(); b >= 0; b = from.read()) {
                    line.write(b);
                    if (b == '\n') {
                        String text = line.toString(StandardCharsets.ISO_8859_1);
                        if (!text.strip().equals(hiddenLine.get())) {
                            to.write(line.toByteArray());
                            to.flush();
                        }
                        line.reset();
                    }
                }
            } catch (IOException ended) {
                // one side closed: the other goes with it
            }
        }, "tls-relay-pipe");
        copier.setDaemon(true);
        copier.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (sockets) {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
