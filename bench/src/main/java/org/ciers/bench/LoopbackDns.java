package org.ciers.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * A DNS server on 127.0.0.1 (UDP and TCP, one port) that answers TXT queries for a fixed set of
 * names and NXDOMAIN for every other name: it publishes the sender's DKIM key to the RMTA, as a
 * real zone would, without any network beyond loopback.
 */
final class LoopbackDns implements AutoCloseable {
    private static final int TXT = 16;
    private static final int IN = 1;
    private static final int NO_EDNS_LIMIT = 512;
    private static final int NXDOMAIN = 3;

    private final Map<String, String> txtRecords;
    private final DatagramSocket udp;
    private final ServerSocket tcp;

    LoopbackDns(int port, Map<String, String> txtRecords) throws IOException {
        this.txtRecords = txtRecords;
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        this.udp = new DatagramSocket(address);
        this.tcp = new ServerSocket();
        tcp.bind(address);
        Thread udpThread = new Thread(this::serveUdp, "loopback-dns-udp");
        udpThread.setDaemon(true);
        udpThread.start();
        Thread tcpThread = new Thread(this::serveTcp, "loopback-dns-tcp");
        tcpThread.setDaemon(true);
        tcpThread.start();
    }

    int port() {
        return udp.getLocalPort();
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
                byte[] answer = answer(query, false);
                udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                // closed, or a query we cannot parse: no answer, the client retries or gives up
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket client = tcp.accept()) {
                DataInputStream in = new DataInputStream(client.getInputStream());
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] answer = answer(query, true);
                DataOutputStream out = new DataOutputStream(client.getOutputStream());
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            } catch (IOException | RuntimeException e) {
                // as above
            }
        }
    }

    /** The answer to one query: the question echoed, one TXT record or NXDOMAIN. */
    byte[] answer(byte[] query, boolean overTcp) throws IOException {
        int questionEnd = 12;
        StringBuilder name = new StringBuilder();
        while (query[questionEnd] != 0) {
            int length = query[questionEnd] & 0xff;
            name.append(name.length() == 0 ? "" : ".")
                .append(new String(query, questionEnd + 1, length, StandardCharsets.US_ASCII));
            questionEnd += length + 1;
        }
        int type = ((query[questionEnd + 1] & 0xff) << 8) | (query[questionEnd + 2] & 0xff);
        questionEnd += 5;
        boolean edns = ((query[10] & 0xff) << 8 | (query[11] & 0xff)) > 0;
        String text = txtRecords.get(name.toString().toLowerCase(Locale.ROOT));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(query, 0, 2);
        int rdFlag = query[2] & 0x01;
        int rcode = text == null ? NXDOMAIN : 0;
        boolean withAnswer = text != null && type == TXT;
        out.writeShort(0x8000 | 0x0400 | (rdFlag << 8) | rcode);
        out.writeShort(1);
        out.writeShort(withAnswer ? 1 : 0);
        out.writeShort(0);
        out.writeShort(0);
        out.write(query, 12, questionEnd - 12);
        if (withAnswer) {
            byte[] value = text.getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream rdata = new ByteArrayOutputStream();
            // TXT data is a series of strings of at most 255 bytes; the reader joins them
            for (int at = 0; at < value.length; at += 255) {
                int chunk = Math.min(255, value.length - at);
                rdata.write(chunk);
                rdata.write(value, at, chunk);
            }
            out.writeShort(0xC00C);
            out.writeShort(TXT);
            out.writeShort(IN);
            out.writeInt(300);
            out.writeShort(rdata.size());
            rdata.writeTo(out);
        }
        byte[] answer = bytes.toByteArray();
        if (!overTcp && !edns && answer.length > NO_EDNS_LIMIT) {
            // too long for plain UDP: the truncated flag sends the client to TCP
            byte[] truncated = Arrays.copyOf(answer, questionEnd);
            truncated[2] |= 0x02;
            truncated[7] = 0;
            return truncated;
        }
        return answer;
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }
}
