package org.ciers.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * A light HTTP/1.1 load generator: one thread, one selector, N keep-alive connections with one
 * request in flight each, requests pre-encoded. Far cheaper per request than a general HTTP client,
 * so that on a machine shared with the server most of the CPU goes to the server being measured.
 */
public final class HttpLoad {
    /** One operation: one or more requests in sequence on the same connection. */
    public interface Operation {
        /** The first request, complete (head and body). */
        byte[] first();

        /**
         * The next request given the last response, or {@code null} when the operation is done.
         *
         * @throws IllegalStateException when the response is not the expected one
         */
        byte[] next(int status, byte[] body);
    }

    /** Counts of the measured period; {@code allOperations} includes the warm-up. */
    public record Result(long operations, long requests, double seconds, long allOperations) {
        public double operationsPerSecond() {
            return operations / seconds;
        }

        public double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private static final byte[] HEAD_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private HttpLoad() {
    }

    /** One request, the same each time, whose answers must satisfy {@code expected}. */
    public static Supplier<Operation> repeat(byte[] request, BiPredicate<Integer, byte[]> expected) {
        Operation operation = new Operation() {
            @Override
            public byte[] first() {
                return request;
            }

            @Override
            public byte[] next(int status, byte[] body) {
                if (!expected.test(status, body)) {
                    throw new IllegalStateException("unexpected answer: HTTP " + status + " " + new String(body, StandardCharsets.UTF_8));
                }
                return null;
            }
        };
        return () -> operation;
    }

    /** A complete HTTP/1.1 request. */
    public static byte[] request(String method, String host, String path, String contentType, byte[] body) {
        StringBuilder head = new StringBuilder()
            .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
            .append("Host: ").append(host).append("\r\n");
        if (body.length > 0 || method.equals("POST")) {
            head.append("Content-Type: ").append(contentType).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** Runs {@code warmUp}, then counts completed operations for {@code duration}; any failure aborts. */
    public static Result run(InetSocketAddress server, int connections, Duration warmUp, Duration duration,
                             Supplier<Operation> operations) throws IOException {
        return run(server, connections, warmUp, duration, Long.MAX_VALUE, operations, () -> { });
    }

    /** The same, running {@code atMeasureStart} when the warm-up ends (to read a process's CPU time, say). */
    public static Result run(InetSocketAddress server, int connections, Duration warmUp, Duration duration,
                             Supplier<Operation> operations, Runnable atMeasureStart) throws IOException {
        return run(server, connections, warmUp, duration, Long.MAX_VALUE, operations, atMeasureStart);
    }

    /** Runs {@code count} operations (about: the connections in flight finish theirs), then stops. */
    public static Result runCount(InetSocketAddress server, int connections, long count, Supplier<Operation> operations)
        throws IOException {
        return run(server, connections, Duration.ZERO, Duration.ofDays(1), count, operations, () -> { });
    }

    private static Result run(InetSocketAddress server, int connections, Duration warmUp, Duration duration, long maxOperations,
                              Supplier<Operation> operations, Runnable atMeasureStart) throws IOException {
        try (Selector selector = Selector.open()) {
            List<Connection> all = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                SocketChannel channel = SocketChannel.open(server);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                Connection connection = new Connection(channel, operations);
                channel.register(selector, SelectionKey.OP_WRITE, connection);
                all.add(connection);
            }
            long measureFrom = System.nanoTime() + warmUp.toNanos();
            long end = measureFrom + duration.toNanos();
            boolean measuring = false;
            long started = System.nanoTime();
            long done = 0;
            while (true) {
                long now = System.nanoTime();
                if (!measuring && now >= measureFrom) {
                    all.forEach(Connection::resetCounts);
                    atMeasureStart.run();
                    measuring = true;
                }
                if (now >= end || done >= maxOperations) {
                    break;
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    done += ((Connection) key.attachment()).ready(key);
                }
                selector.selectedKeys().clear();
            }
            double seconds = maxOperations == Long.MAX_VALUE ? duration.toNanos() / 1e9 : (System.nanoTime() - started) / 1e9;
            long ops = all.stream().mapToLong(c -> c.operations).sum();
            long requests = all.stream().mapToLong(c -> c.requests).sum();
            for (Connection connection : all) {
                connection.channel.close();
            }
            return new Result(ops, requests, seconds, done);
        }
    }

    private static final class Connection {
        private final SocketChannel channel;
        private final Supplier<Operation> newOperation;
        private Operation operation;
        private ByteBuffer out;
        private byte[] in = new byte[16 * 1024];
        private int filled;
        private long operations;
        private long requests;

        Connection(SocketChannel channel, Supplier<Operation> newOperation) {
            this.channel = channel;
            this.newOperation = newOperation;
            this.operation = newOperation.get();
            this.out = ByteBuffer.wrap(operation.first());
        }

        void resetCounts() {
            operations = 0;
            requests = 0;
        }

        /** Returns the number of operations this readiness completed (0 or 1). */
        int ready(SelectionKey key) {
            try {
                if (key.isWritable()) {
                    channel.write(out);
                    if (!out.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                    return 0;
                }
                return key.isReadable() ? read(key) : 0;
            } catch (IOException e) {
                throw new IllegalStateException("connection failed", e);
            }
        }

        private int read(SelectionKey key) throws IOException {
            if (filled == in.length) {
                in = Arrays.copyOf(in, in.length * 2);
            }
            int n = channel.read(ByteBuffer.wrap(in, filled, in.length - filled));
            if (n < 0) {
                throw new IllegalStateException("the server closed a keep-alive connection");
            }
            filled += n;
            int headEnd = indexOf(in, filled, HEAD_END, 0);
            if (headEnd < 0) {
                return 0;
            }
            String head = new String(in, 0, headEnd, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(head.substring(9, 12));
            int bodyStart = headEnd + HEAD_END.length;
            byte[] body;
            int consumed;
            int length = contentLength(head);
            if (length >= 0) {
                if (filled < bodyStart + length) {
                    return 0;
                }
                body = Arrays.copyOfRange(in, bodyStart, bodyStart + length);
                consumed = bodyStart + length;
            } else {
                // chunked: wait for the last chunk, then join the chunks
                int last = indexOf(in, filled, "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), bodyStart - 2);
                if (last < 0) {
                    return 0;
                }
                consumed = last + 7;
                body = dechunk(in, bodyStart, last + 2);
            }
            if (consumed != filled) {
                throw new IllegalStateException("unexpected bytes after a response");
            }
            filled = 0;
            requests++;
            byte[] next = operation.next(status, body);
            int completed = 0;
            if (next == null) {
                operations++;
                completed = 1;
                operation = newOperation.get();
                next = operation.first();
            }
            out = ByteBuffer.wrap(next);
            channel.write(out);
            if (out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_WRITE);
            }
            return completed;
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                    return Integer.parseInt(line.substring(colon + 1).trim());
                }
            }
            return -1;
        }

        private static byte[] dechunk(byte[] data, int from, int to) {
            byte[] body = new byte[0];
            int at = from;
            while (at < to) {
                int lineEnd = indexOf(data, to, new byte[] {'\r', '\n'}, at);
                int size = Integer.parseInt(new String(data, at, lineEnd - at, StandardCharsets.US_ASCII).trim(), 16);
                if (size == 0) {
                    break;
                }
                int start = lineEnd + 2;
                int old = body.length;
                body = Arrays.copyOf(body, old + size);
                System.arraycopy(data, start, body, old, size);
                at = start + size + 2;
            }
            return body;
        }
    }

    static int indexOf(byte[] data, int limit, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= limit - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
