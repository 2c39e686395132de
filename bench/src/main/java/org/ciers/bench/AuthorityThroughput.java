package org.ciers.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.ciers.demo.AuthorityAdmin;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.TrustValueRequest;
import org.ciers.protocol.message.TrustValueResponse;
import org.ciers.protocol.xml.CiersXml;

/**
 * Authority throughput over keep-alive HTTP: auth_to_send + trust_value pairs per second, and the
 * same server's rate on a trivial WebAdmin route (the HTTP stack's ceiling), with the same client
 * and the same concurrency.
 */
public final class AuthorityThroughput {
    public record Result(double pairsPerSecond, double trivialPerSecond) {
        public double ratio() {
            return pairsPerSecond * 2 / trivialPerSecond;
        }
    }

    private AuthorityThroughput() {
    }

    public static Result measure(URI authority, AuthorityAdmin.Accredited sender, AuthorityAdmin.Accredited recipient, Duration duration,
                                 int concurrency) throws Exception {
        AuthorityClient client = new AuthorityClient(new AuthorityClient.Settings(authority, Duration.ofSeconds(30), Optional.empty()),
            new CiersXml());
        Supplier<CompletableFuture<Boolean>> pair = () -> client.authToSend(new AuthToSendRequest(sender.serverId(), sender.passphrase(),
                recipient.domain()))
            .thenCompose(granted -> client.trustValue(new TrustValueRequest(recipient.serverId(), recipient.passphrase(), sender.serverId(),
                ((AuthToSendResponse.Granted) granted).messageId())))
            .thenApply(TrustValueResponse.ValidTransmission.class::isInstance);
        // warm-up: the KDF runs once per server, the JIT compiles the hot path
        run(pair, Duration.ofSeconds(3), concurrency);
        double pairs = run(pair, duration, concurrency);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest trivial = HttpRequest.newBuilder(authority.resolve("/healthcheck/checks")).GET().build();
        Supplier<CompletableFuture<Boolean>> get = () -> http.sendAsync(trivial, HttpResponse.BodyHandlers.discarding())
            .thenApply(response -> response.statusCode() == 200);
        run(get, Duration.ofSeconds(3), concurrency);
        double trivialRate = run(get, duration, concurrency);
        return new Result(pairs, trivialRate);
    }

    /** Operations per second with {@code concurrency} in flight; every operation must succeed. */
    static double run(Supplier<CompletableFuture<Boolean>> operation, Duration duration, int concurrency) throws Exception {
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        while (System.nanoTime() < end) {
            inFlight.acquire();
            operation.get().whenComplete((ok, error) -> {
                if (error == null && ok) {
                    done.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                inFlight.release();
            });
        }
        inFlight.acquire(concurrency);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " operations failed");
        }
        return done.get() / seconds;
    }

    /** {@code java … AuthorityThroughput}: one authority process, memory store, printed figures. */
    public static void main(String[] args) throws Exception {
        org.ciers.demo.DemoLayout layout = org.ciers.demo.DemoLayout.fromSystemProperties();
        try (org.ciers.demo.JamesProcess authority = org.ciers.demo.JamesProcess.startAuthority("bench-authority", layout, java.util.Map.of())) {
            AuthorityAdmin admin = new AuthorityAdmin(authority.webAdmin());
            String organization = admin.registerOrganization("Bench", "bench@example.com");
            AuthorityAdmin.Accredited a = admin.accredit(organization, "a.example", List.of("mx.a.example"));
            AuthorityAdmin.Accredited b = admin.accredit(organization, "b.example", List.of("mx.b.example"));
            int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 32;
            Result result = measure(authority.webAdmin(), a, b, Duration.ofSeconds(10), concurrency);
            System.out.printf("pairs/s %.0f  (requests/s %.0f)  trivial route/s %.0f  ratio %.2f%n", result.pairsPerSecond(),
                result.pairsPerSecond() * 2, result.trivialPerSecond(), result.ratio());
        }
    }
}
