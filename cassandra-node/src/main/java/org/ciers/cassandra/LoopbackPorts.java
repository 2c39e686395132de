package org.ciers.cassandra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free TCP ports on 127.0.0.1 for the servers the tests and the demo start (James processes,
 * Cassandra nodes), taken in turn from below Linux's ephemeral range (32768–60999). A port the
 * kernel handed out for port 0 could be handed again to an outgoing connection between the check
 * and the server's own bind ("Address already in use"); a port below that range never is, and the
 * turn keeps two servers of one run from being given the same port.
 */
public final class LoopbackPorts {
    static final int FIRST = 20_000;
    static final int LAST = 32_000;
    /** Where this JVM starts its turn: another run at the same time (another checkout) most likely starts elsewhere. */
    private static final AtomicInteger NEXT = new AtomicInteger((int) (ProcessHandle.current().pid() % (LAST - FIRST)));

    private LoopbackPorts() {
    }

    public static int next() {
        for (int tried = 0; tried < LAST - FIRST; tried++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), LAST - FIRST);
            if (isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port between " + FIRST + " and " + LAST);
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
