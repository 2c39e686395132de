package org.ciers.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;

/**
 * One IMAP connection in IDLE on a mailbox for the whole measurement: every untagged
 * {@code * N EXISTS} releases one permit per new message, the moment the server announces it.
 * (javax.mail's idle() leaves and re-enters IDLE, and an announcement in between can be missed.)
 */
final class InboxWatch implements AutoCloseable {
    private final Socket socket;
    private final Thread reader;

    InboxWatch(int imapPort, String user, String password, Semaphore arrived) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), imapPort);
        socket.setTcpNoDelay(true);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        in.readLine();
        command(in, out, "a1 LOGIN \"" + user + "\" \"" + password + "\"", "a1 ");
        long known = command(in, out, "a2 SELECT INBOX", "a2 ");
        out.write("a3 IDLE\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String line = in.readLine();
        if (line == null || !line.startsWith("+")) {
            throw new IOException("IDLE refused: " + line);
        }
        long[] count = {known};
        reader = new Thread(() -> {
            try {
                String update;
                while ((update = in.readLine()) != null) {
                    long exists = exists(update);
                    if (exists > count[0]) {
                        arrived.release((int) (exists - count[0]));
                        count[0] = exists;
                    }
                }
            } catch (IOException closed) {
                // the watch ends with the connection
            }
        }, "bench-inbox-watch");
        reader.setDaemon(true);
        reader.start();
    }

    /** Sends a command, reads to its tagged OK, and returns the last EXISTS count seen (0 if none). */
    private static long command(BufferedReader in, OutputStream out, String command, String tag) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        long exists = 0;
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("IMAP connection closed after " + command.split(" ")[1]);
            }
            exists = Math.max(exists, exists(line));
            if (line.startsWith(tag)) {
                if (!line.startsWith(tag + "OK")) {
                    throw new IOException("IMAP " + command.split(" ")[1] + " failed: " + line);
                }
                return exists;
            }
        }
    }

    private static long exists(String line) {
        if (line.startsWith("* ") && line.endsWith(" EXISTS")) {
            return Long.parseLong(line.substring(2, line.length() - " EXISTS".length()));
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
