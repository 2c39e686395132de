package org.ciers.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/** A listener that only counts who connects: where a forged header would steer a server, nobody should. */
final class ConnectionCounter implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket();
    private final AtomicInteger connections = new AtomicInteger();

    ConnectionCounter(String address, int port) throws IOException {
        socket.bind(new InetSocketAddress(address, port));
        Thread accepting = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket accepted = socket.accept()) {
                    connections.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "connection-counter-" + address);
        accepting.setDaemon(true);
        accepting.start();
    }

    int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
