package org.ciers.protocol.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 POST over a pool of keep-alive connections, run on the caller's thread. The CIERS step
 * sits inside an SMTP transaction, so an authority request must cost one loopback or LAN round
 * trip and nothing else: no thread hand-off, no selector, no per-request timer (the JDK's
 * HttpClient spent 1.3 to 5 ms per request here). The deadline bounds connect and every read.
 */
final class KeepAliveHttp implements AutoCloseable {
    /** The server's idle timeout is longer (Jetty: 30 s); a connection idle this long is not reused. */
    static final Duration MAX_IDLE = Duration.ofSeconds(10);
    static final int MAX_IDLE_CONNECTIONS = 64;
    static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    record Response(int status, byte[] body) {
    }

    private final String host;
    private final int port;
    private final String hostHeader;
    private final SSLContext tls;
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();

    KeepAliveHttp(URI base, SSLContext tls) {
        this.host = base.getHost();
        boolean https = "https".equals(base.getScheme());
        this.port = base.getPort() > 0 ? base.getPort() : (https ? 443 : 80);
        this.hostHeader = host + ":" + port;
        this.tls = https ? tls : null;
    }

    Response post(String path, String contentType, byte[] body, Duration timeout) throws IOException {
        return send(request("POST", path, contentType, body), timeout);
    }

    Response get(String path, String accept, Duration timeout) throws IOException {
        return send(request("GET", path, accept, new byte[0]), timeout);
    }

    private Response send(byte[] request, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Connection reused = takeIdle();
        if (reused != null) {
            try {
                return exchange(reused, request, deadline);
            } catch (StaleConnectionException e) {
                // the server closed it while idle, before reading anything: the request was not seen
                reused.close();
            }
        }
        return exchange(open(deadline), request, deadline);
    }

    private Response exchange(Connection connection, byte[] request, long deadline) throws IOException {
        try {
            try {
                connection.out.write(request);
                connection.out.flush();
            } catch (SocketException e) {
                throw new StaleConnectionException();
            }
            Response response = connection.read(deadline);
            if (connection.reusable) {
                connection.idleSince = System.nanoTime();
                if (idle.size() < MAX_IDLE_CONNECTIONS) {
                    idle.offerFirst(connection);
                } else {
                    connection.close();
                }
            } else {
                connection.close();
            }
            return response;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private Connection takeIdle() {
        while (true) {
            Connection connection = idle.pollFirst();
            if (connection == null) {
                return null;
            }
            if (System.nanoTime() - connection.idleSince < MAX_IDLE.toNanos()) {
                return connection;
            }
            connection.close();
        }
    }

    private Connection open(long deadline) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), remainingMillis(deadline));
            if (tls != null) {
                SSLSocket secured = (SSLSocket) tls.getSocketFactory().createSocket(socket, host, port, true);
                SSLParameters parameters = secured.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secured.setSSLParameters(parameters);
                secured.setSoTimeout(remainingMillis(deadline));
                secured.startHandshake();
                socket = secured;
            }
            return new Connection(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private byte[] request(String method, String path, String contentType, byte[] body) {
        byte[] head = (method + " " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nContent-Type: " + contentType
            + "\r\nAccept: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    static int remainingMillis(long deadline) throws SocketTimeoutException {
        long remaining = (deadline - System.nanoTime()) / 1_000_000;
        if (remaining <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, remaining);
    }

    @Override
    public void close() {
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            connection.close();
        }
    }

    /** A reused connection that the server had closed: nothing of a response arrived. */
    static final class StaleConnectionException extends IOException {
        StaleConnectionException() {
            super("the server closed an idle connection");
        }
    }

    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean reusable;
        private long idleSince;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.out = socket.getOutputStream();
        }

        Response read(long deadline) throws IOException {
            socket.setSoTimeout(remainingMillis(deadline));
            int first;
            try {
                first = in.read();
            } catch (SocketException reset) {
                throw new StaleConnectionException();
            }
            if (first < 0) {
                throw new StaleConnectionException();
            }
            String statusLine = (char) first + line(deadline);
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("not an HTTP/1.x response");
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            reusable = statusLine.startsWith("HTTP/1.1");
            String header;
            while (!(header = line(deadline)).isEmpty()) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("transfer-encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                } else if (name.equals("connection")) {
                    reusable = reusable && !value.equalsIgnoreCase("close");
                }
            }
            byte[] body;
            if (chunked) {
                body = chunks(deadline);
            } else if (length >= 0) {
                if (length > MAX_RESPONSE_BYTES) {
                    throw new IOException("response larger than " + MAX_RESPONSE_BYTES + " bytes");
                }
                body = exactly((int) length, deadline);
            } else {
                body = untilClose(deadline);
                reusable = false;
            }
            return new Response(status, body);
        }

        private String line(long deadline) throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                socket.setSoTimeout(remainingMillis(deadline));
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed inside a response");
                }
                if (b == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                if (line.length() > 8192) {
                    throw new IOException("response header line too long");
                }
                line.append((char) b);
            }
        }

        private byte[] exactly(int length, long deadline) throws IOException {
            byte[] body = new byte[length];
            int read = 0;
            while (read < length) {
                socket.setSoTimeout(remainingMillis(deadline));
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    throw new IOException("connection closed inside a response body");
                }
                read += n;
            }
            return body;
        }

        private byte[] chunks(long deadline) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line(deadline);
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
                if (size == 0) {
                    while (!line(deadline).isEmpty()) {
                        // trailers carry nothing CIERS reads
                    }
                    return body.toByteArray();
                }
                if (body.size() + size > MAX_RESPONSE_BYTES) {
                    throw new IOException("response larger than " + MAX_RESPONSE_BYTES + " bytes");
                }
                body.write(exactly(size, deadline));
                line(deadline);
            }
        }

        private byte[] untilClose(long deadline) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (true) {
                socket.setSoTimeout(remainingMillis(deadline));
                int n = in.read(buffer);
                if (n < 0) {
                    return body.toByteArray();
                }
                if (body.size() + n > MAX_RESPONSE_BYTES) {
                    throw new IOException("response larger than " + MAX_RESPONSE_BYTES + " bytes");
                }
                body.write(buffer, 0, n);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }
}
