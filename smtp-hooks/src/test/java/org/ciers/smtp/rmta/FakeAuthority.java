package org.ciers.smtp.rmta;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.message.CiersResponse;
import org.ciers.protocol.message.KeysResponse;
import org.ciers.protocol.message.TrustValueResponse;
import org.ciers.protocol.message.ValidationReceiptsRequest;
import org.ciers.protocol.message.ValidationReceiptsResponse;
import org.ciers.protocol.xml.CiersXml;
import org.ciers.protocol.xml.MalformedCiersException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The authority's routes that a receiving server uses, on loopback (the JDK's HTTP server): the key
 * set, {@code trust_value} and {@code validation_receipts}. A test sets what each answers (or makes the
 * authority unavailable: HTTP 503) and reads what each was asked.
 */
public final class FakeAuthority implements AutoCloseable {
    public static final CiersXml XML = new CiersXml();

    private final HttpServer server;
    private volatile boolean available = true;
    private volatile KeysResponse keys;
    private volatile TrustValueResponse trustValue = new TrustValueResponse.InvalidTransmission();
    private volatile Function<ValidationReceiptsRequest, ValidationReceiptsResponse> receipts = FakeAuthority::countEvery;
    private final AtomicInteger keyFetches = new AtomicInteger();
    private final AtomicInteger trustValueRequests = new AtomicInteger();
    private final AtomicInteger receiptRequests = new AtomicInteger();
    private final List<ValidationReceiptsRequest> answeredBatches = new CopyOnWriteArrayList<>();

    private FakeAuthority() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(AuthorityClient.PROTOCOL_PATH + "keys", exchange -> {
            keyFetches.incrementAndGet();
            KeysResponse set = keys;
            answer(exchange, set);
        });
        server.createContext(AuthorityClient.PROTOCOL_PATH + "trust_value", exchange -> {
            trustValueRequests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            answer(exchange, trustValue);
        });
        server.createContext(AuthorityClient.PROTOCOL_PATH + "validation_receipts", exchange -> {
            receiptRequests.incrementAndGet();
            ValidationReceiptsRequest request;
            try {
                request = XML.readRequest(exchange.getRequestBody().readAllBytes(), ValidationReceiptsRequest.class);
            } catch (MalformedCiersException e) {
                exchange.sendResponseHeaders(400, -1);
                exchange.close();
                return;
            }
            ValidationReceiptsResponse response = available ? receipts.apply(request) : null;
            if (response != null) {
                answeredBatches.add(request);
            }
            answer(exchange, response);
        });
        server.start();
    }

    public static FakeAuthority start() throws IOException {
        return new FakeAuthority();
    }

    /** Every receipt counted: the authority's answer to a first batch. */
    public static ValidationReceiptsResponse countEvery(ValidationReceiptsRequest request) {
        return new ValidationReceiptsResponse.Answered(request.receipts().stream()
            .map(receipt -> new ValidationReceiptsResponse.ReceiptOutcome(receipt.messageId(), ValidationReceiptsResponse.Outcome.COUNTED))
            .toList());
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public AuthorityClient client() {
        return new AuthorityClient(new AuthorityClient.Settings(url(), Duration.ofSeconds(5), Optional.empty()), XML);
    }

    /** Whether every route answers (else HTTP 503, as a failing authority). */
    public void available(boolean available) {
        this.available = available;
    }

    public void keys(KeysResponse keys) {
        this.keys = keys;
    }

    public void trustValue(TrustValueResponse trustValue) {
        this.trustValue = trustValue;
    }

    /** How the authority answers a batch of receipts; null: HTTP 503. */
    public void receipts(Function<ValidationReceiptsRequest, ValidationReceiptsResponse> receipts) {
        this.receipts = receipts;
    }

    public int keyFetches() {
        return keyFetches.get();
    }

    public int trustValueRequests() {
        return trustValueRequests.get();
    }

    public int receiptRequests() {
        return receiptRequests.get();
    }

    /** The batches of receipts the authority answered, in the order they came. */
    public List<ValidationReceiptsRequest> answeredBatches() {
        return List.copyOf(answeredBatches);
    }

    private void answer(HttpExchange exchange, CiersResponse response) throws IOException {
        if (!available || response == null) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        byte[] body = XML.write(response);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
