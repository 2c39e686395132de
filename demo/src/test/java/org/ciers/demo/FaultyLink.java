package org.ciers.demo;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP link between a mail server and its authority that a test can cut: in {@code PASS} it
 * forwards bytes both ways, in {@code SILENT} it takes connections and never answers (an authority
 * that hangs), in {@code REFUSE} it closes them at once (an authority that is down).
 */
final class FaultyLink implements Closeable {
    enum Mode {
        PASS, SILENT, REFUSE
    }

    private final ServerSocket listener;
    private final int targetPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "faulty-link");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.PASS;

    FaultyLink(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Sets the mode for new and open connections. */
    void mode(Mode newMode) {
        mode = newMode;
        if (newMode != Mode.PASS) {
            // kept-alive pooled connections must see the fault too
            open.forEach(FaultyLink::closeQuietly);
            open.clear();
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                switch (mode) {
                    case REFUSE -> closeQuietly(client);
                    case SILENT -> open.add(client);
                    case PASS -> {
                        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                        open.add(client);
                        open.add(server);
                        threads.submit(() -> pump(client, server));
                        threads.submit(() -> pump(server, client));
                    }
                }
            } catch (IOException e) {
                // listener closed, or the target refused: the client sees a closed connection
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(FaultyLink::closeQuietly);
        threads.shutdownNow();
    }
}
