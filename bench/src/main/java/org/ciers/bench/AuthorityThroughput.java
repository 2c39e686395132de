package org.ciers.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import org.ciers.demo.AuthorityAdmin;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.MessageType;
import org.ciers.protocol.message.TrustValueRequest;
import org.ciers.protocol.message.ValidationReceiptsRequest;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.xml.CiersXml;

/**
 * Authority throughput over keep-alive HTTP/1.1 ({@link HttpLoad}): auth_to_send + trust_value
 * pairs per second, each pair checked to end in {@code valid_transmission}, and the same server's
 * rate on a trivial WebAdmin route (the HTTP stack's ceiling) with the same generator and
 * connections.
 */
public final class AuthorityThroughput {
    public static final Duration WARM_UP = Duration.ofSeconds(5);
    public static final Duration MEASURED = Duration.ofSeconds(10);
    public static final int DEFAULT_CONNECTIONS = 16;
    private static final String XML = "application/xml";
    private static final String TRIVIAL_ROUTE = "/healthcheck/checks";
    private static final byte[] MESSAGE_ID_START = "<message_id>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALID = "<valid_transmission/>".getBytes(StandardCharsets.US_ASCII);

    /** {@code pairsIssued}: every auth_to_send of the run, warm-up included (transmissions now in the store). */
    public record Result(double pairsPerSecond, double trivialPerSecond, long pairsIssued) {
        /** Protocol requests per second against trivial requests per second. */
        public double ratio() {
            return pairsPerSecond * 2 / trivialPerSecond;
        }
    }

    /** IDs per auth_to_send and receipts per batch in the messages measurement: a sending server's pool size. */
    public static final int IDS_PER_REQUEST = 20;
    private static final byte[] COUNTED = "outcome=\"counted\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * Messages per second through the signed-ID path (spec §10): auth_to_send for
     * {@link #IDS_PER_REQUEST} IDs, then one validation_receipts batch of them, each answered
     * counted; with the CPU time the authority (and its store's process, if any) spent per message.
     */
    public record MessageResult(double messagesPerSecond, Duration authorityCpuPerMessage, Optional<Duration> storeCpuPerMessage,
                                long messagesIssued) {
    }

    private AuthorityThroughput() {
    }

    /** {@code storePid}: the Cassandra node's process, whose CPU time per message is measured too. */
    public static MessageResult measureMessages(URI authority, long authorityPid, OptionalLong storePid, AuthorityAdmin.Accredited sender,
                                                AuthorityAdmin.Accredited recipient, int connections) throws Exception {
        System.out.println("authority: messages (auth_to_send x" + IDS_PER_REQUEST + " + validation_receipts x" + IDS_PER_REQUEST
            + "), " + connections + " connections");
        Duration[] atStart = new Duration[2];
        HttpLoad.Result result = HttpLoad.run(address(authority), connections, WARM_UP, MEASURED, messages(authority, sender, recipient),
            () -> {
                atStart[0] = CpuTime.of(authorityPid);
                atStart[1] = storePid.isPresent() ? CpuTime.of(storePid.getAsLong()) : Duration.ZERO;
            });
        Duration authorityCpu = CpuTime.of(authorityPid).minus(atStart[0]);
        Optional<Duration> storeCpu = storePid.isPresent() ? Optional.of(CpuTime.of(storePid.getAsLong()).minus(atStart[1])) : Optional.empty();
        long messages = result.operations() * IDS_PER_REQUEST;
        return new MessageResult(result.operationsPerSecond() * IDS_PER_REQUEST, authorityCpu.dividedBy(Math.max(1, messages)),
            storeCpu.map(cpu -> cpu.dividedBy(Math.max(1, messages))), result.allOperations() * IDS_PER_REQUEST);
    }

    /** auth_to_send for {@link #IDS_PER_REQUEST} IDs, then their receipts from the recipient's server; every one counted. */
    static Supplier<HttpLoad.Operation> messages(URI authority, AuthorityAdmin.Accredited sender, AuthorityAdmin.Accredited recipient) {
        CiersXml xml = new CiersXml();
        byte[] authToSend = protocolRequest(authority, MessageType.AUTH_TO_SEND,
            xml.write(new AuthToSendRequest(sender.serverId(), sender.passphrase(), recipient.domain(), IDS_PER_REQUEST)));
        return () -> new HttpLoad.Operation() {
            private boolean receipting;

            @Override
            public byte[] first() {
                receipting = false;
                return authToSend;
            }

            @Override
            public byte[] next(int status, byte[] body) {
                if (status != 200) {
                    throw new IllegalStateException("HTTP " + status + ": " + new String(body, StandardCharsets.UTF_8));
                }
                if (receipting) {
                    int counted = 0;
                    for (int at = HttpLoad.indexOf(body, body.length, COUNTED, 0); at >= 0;
                         at = HttpLoad.indexOf(body, body.length, COUNTED, at + 1)) {
                        counted++;
                    }
                    if (counted != IDS_PER_REQUEST) {
                        throw new IllegalStateException("not every receipt counted: " + new String(body, StandardCharsets.UTF_8));
                    }
                    return null;
                }
                receipting = true;
                Instant now = Instant.now();
                List<ValidationReceiptsRequest.Receipt> receipts = messageIds(body).stream()
                    .map(id -> new ValidationReceiptsRequest.Receipt(MessageId.of(id), now)).toList();
                return protocolRequest(authority, MessageType.VALIDATION_RECEIPTS,
                    xml.write(new ValidationReceiptsRequest(recipient.serverId(), recipient.passphrase(), receipts)));
            }
        };
    }

    private static List<String> messageIds(byte[] body) {
        List<String> ids = new ArrayList<>(IDS_PER_REQUEST);
        for (int start = HttpLoad.indexOf(body, body.length, MESSAGE_ID_START, 0); start >= 0;
             start = HttpLoad.indexOf(body, body.length, MESSAGE_ID_START, start + 1)) {
            int from = start + MESSAGE_ID_START.length;
            int end = from;
            while (body[end] != '<') {
                end++;
            }
            ids.add(new String(body, from, end - from, StandardCharsets.US_ASCII));
        }
        if (ids.isEmpty()) {
            throw new IllegalStateException("no message ID granted: " + new String(body, StandardCharsets.UTF_8));
        }
        return ids;
    }

    public static Result measure(URI authority, AuthorityAdmin.Accredited sender, AuthorityAdmin.Accredited recipient, int connections)
        throws Exception {
        InetSocketAddress address = address(authority);
        byte[] trivial = HttpLoad.request("GET", host(authority), TRIVIAL_ROUTE, "", new byte[0]);
        Supplier<HttpLoad.Operation> get = HttpLoad.repeat(trivial, (status, body) -> status == 200);
        System.out.println("authority: auth_to_send + trust_value pairs, " + connections + " connections");
        HttpLoad.Result pairs = HttpLoad.run(address, connections, WARM_UP, MEASURED, pairs(authority, sender, recipient));
        System.out.println("authority: trivial route " + TRIVIAL_ROUTE + ", " + connections + " connections");
        HttpLoad.Result plain = HttpLoad.run(address, connections, WARM_UP, MEASURED, get);
        return new Result(pairs.operationsPerSecond(), plain.requestsPerSecond(), pairs.allOperations());
    }

    /** A protocol request of {@code type} to the authority, its body the CIERS document. */
    static byte[] protocolRequest(URI authority, MessageType type, byte[] document) {
        return HttpLoad.request("POST", host(authority), authority.getPath().replaceAll("/$", "") + AuthorityClient.PROTOCOL_PATH
            + type.wireName(), XML, document);
    }

    private static String host(URI authority) {
        return authority.getHost() + ":" + authority.getPort();
    }

    static InetSocketAddress address(URI authority) {
        return new InetSocketAddress(authority.getHost(), authority.getPort());
    }

    /** auth_to_send by {@code sender}, then trust_value by {@code recipient}; each must end in valid_transmission. */
    static Supplier<HttpLoad.Operation> pairs(URI authority, AuthorityAdmin.Accredited sender, AuthorityAdmin.Accredited recipient) {
        CiersXml xml = new CiersXml();
        byte[] authToSend = protocolRequest(authority, MessageType.AUTH_TO_SEND,
            xml.write(new AuthToSendRequest(sender.serverId(), sender.passphrase(), recipient.domain())));
        // the trust_value body is a template around the message ID, cut at a sample ID
        MessageId sample = MessageId.of("bench." + "A".repeat(32));
        byte[] trustValueRequest = protocolRequest(authority, MessageType.TRUST_VALUE,
            xml.write(new TrustValueRequest(recipient.serverId(), recipient.passphrase(), sender.serverId(), sample)));
        String trustValue = new String(trustValueRequest, StandardCharsets.ISO_8859_1);
        return () -> new HttpLoad.Operation() {
            private boolean validating;

            @Override
            public byte[] first() {
                validating = false;
                return authToSend;
            }

            @Override
            public byte[] next(int status, byte[] body) {
                if (status != 200) {
                    throw new IllegalStateException("HTTP " + status + ": " + new String(body, StandardCharsets.UTF_8));
                }
                if (validating) {
                    if (HttpLoad.indexOf(body, body.length, VALID, 0) < 0) {
                        throw new IllegalStateException("not a valid transmission: " + new String(body, StandardCharsets.UTF_8));
                    }
                    return null;
                }
                validating = true;
                return trustValueFor(trustValue, sample, messageId(body));
            }
        };
    }

    private static String messageId(byte[] body) {
        int start = HttpLoad.indexOf(body, body.length, MESSAGE_ID_START, 0);
        if (start < 0) {
            throw new IllegalStateException("no message ID granted: " + new String(body, StandardCharsets.UTF_8));
        }
        start += MESSAGE_ID_START.length;
        int end = start;
        while (body[end] != '<') {
            end++;
        }
        return new String(body, start, end - start, StandardCharsets.US_ASCII);
    }

    private static byte[] trustValueFor(String template, MessageId sample, String messageId) {
        // both IDs have the same length (authority name aside), so Content-Length is adjusted only if they differ
        String request = template.replace(sample.asString(), messageId);
        int lengthDelta = messageId.length() - sample.asString().length();
        if (lengthDelta != 0) {
            int headEnd = request.indexOf("\r\n\r\n");
            int bodyLength = request.length() - headEnd - 4;
            request = request.replaceFirst("Content-Length: \\d+", "Content-Length: " + bodyLength);
        }
        return request.getBytes(StandardCharsets.ISO_8859_1);
    }
}
