package org.ciers.demo;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A plain SMTP client over a real socket, with a real STARTTLS upgrade, that shows every reply:
 * tests and benchmarks read the exact codes and texts. {@link #startTls()} trusts any certificate;
 * {@link #startTls(SSLContext, String, boolean)} checks it as a careful sender does.
 */
public final class SmtpSession implements Closeable {
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    private SmtpSession(Socket socket) throws IOException {
        use(socket);
    }

    public static SmtpSession connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        // one command, one segment: without it Nagle waits for the server's delayed ACK (40 ms)
        socket.setTcpNoDelay(true);
        SmtpSession session = new SmtpSession(socket);
        session.reply();
        return session;
    }

    private void use(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        this.out = socket.getOutputStream();
    }

    /** The whole reply, lines joined with \n; the last line starts with the code and a space. */
    public String reply() throws IOException {
        StringBuilder reply = new StringBuilder();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed; so far: " + reply);
            }
            reply.append(reply.length() == 0 ? "" : "\n").append(line);
            if (line.length() < 4 || line.charAt(3) == ' ') {
                return reply.toString();
            }
        }
    }

    public String command(String line) throws IOException {
        send(line);
        return reply();
    }

    public void send(String line) throws IOException {
        sendRaw((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void startTls() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustingManager()}, null);
        startTls(context, "127.0.0.1", false);
    }

    /**
     * STARTTLS as a careful sender does it: the server's chain must lead to a CA of {@code trust}
     * and its certificate must name {@code hostName}, or the handshake fails.
     */
    public void startTls(SSLContext trust, String hostName, boolean verifyHostName) throws Exception {
        String reply = command("STARTTLS");
        if (!reply.startsWith("220")) {
            throw new IOException("STARTTLS refused: " + reply);
        }
        SSLSocket tls = (SSLSocket) trust.getSocketFactory().createSocket(socket, hostName, socket.getPort(), true);
        tls.setUseClientMode(true);
        if (verifyHostName) {
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
        }
        tls.startHandshake();
        use(tls);
    }

    /** Sends DATA, the message and the final dot; answers the reply to the dot. */
    public String data(String message) throws IOException {
        String ready = command("DATA");
        if (!ready.startsWith("354")) {
            return ready;
        }
        sendRaw((message.replace("\n", "\r\n") + "\r\n.\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return reply();
    }

    @Override
    public void close() throws IOException {
        try {
            if (!socket.isClosed()) {
                send("QUIT");
            }
        } catch (IOException alreadyGone) {
            // the server may have closed first
        } finally {
            socket.close();
        }
    }

    /** Test servers have self-signed certificates; verifying them is the SMTA's job, tested there. */
    private static final class TrustingManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
