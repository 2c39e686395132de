package org.ciers.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.ciers.protocol.SettableClock;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.ErrorResponse;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.xml.CiersXml;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** auth_to_send asked ahead, against a real HTTP server that grants a new message ID per request. */
class AuthToSendAheadTest {
    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private HttpServer server;
    private AuthToSendAhead ahead;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(AuthorityClient.PROTOCOL_PATH, exchange -> {
            exchange.getRequestBody().readAllBytes();
            int n = asked.incrementAndGet();
            byte[] body = status.get() == 200
                ? new CiersXml().write(new AuthToSendResponse.Granted(ServerId.of("BBBBBBBBBBBBBBBBBBB2"),
                    MessageId.of("ciers.MESSAGEIDNUMBER" + String.format("%012d", n)), List.of()))
                : new CiersXml().write(new ErrorResponse.Unavailable());
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        AuthorityClient client = new AuthorityClient(new AuthorityClient.Settings(URI.create("http://127.0.0.1:"
            + server.getAddress().getPort()), Duration.ofSeconds(5), Optional.empty()), new CiersXml());
        ahead = new AuthToSendAhead(client, clock);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private MessageId next() {
        return ((AuthToSendResponse.Granted) ahead.authToSend(AuthorityClientTest.ASK)).messageId();
    }

    @Test
    void theNextMessageIdIsAskedAheadAndUsedOnce() {
        MessageId first = next();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() == 2);

        MessageId second = next();

        assertThat(first.asString()).endsWith("000000000001");
        // the one asked ahead, not a new one asked now
        assertThat(second.asString()).endsWith("000000000002");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() == 3);
        assertThat(next()).isNotEqualTo(second);
    }

    @Test
    void aStaleMessageIdAskedAheadIsLeftToExpire() {
        next();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() == 2);
        clock.advance(AuthToSendAhead.MAX_AGE);

        assertThat(next().asString()).endsWith("000000000003");
    }

    @Test
    void nothingIsAskedAheadAfterAFailure() {
        status.set(503);
        assertThatThrownBy(() -> ahead.authToSend(AuthorityClientTest.ASK)).isInstanceOf(AuthorityUnavailableException.class);

        status.set(200);
        assertThat(next().asString()).endsWith("000000000002");
    }
}
