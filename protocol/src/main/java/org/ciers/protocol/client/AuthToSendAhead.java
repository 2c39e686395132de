package org.ciers.protocol.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;

/**
 * auth_to_send one message ahead: when a sending server gets a message ID for a recipient domain,
 * it asks at once, in the background, for the next one, so that the next delivery to that domain
 * finds its message ID ready instead of waiting a round trip to the authority inside the SMTP
 * transaction. Each message still gets its own single-use ID for its sender and recipient domain;
 * an ID asked ahead is used only while younger than {@link #MAX_AGE} (far below the authority's
 * expiry) and otherwise left to expire. Refusals (domain_invalid, not_authorized) and failures are
 * never asked ahead: the next delivery asks again.
 */
public final class AuthToSendAhead {
    public static final Duration MAX_AGE = Duration.ofMinutes(1);
    /** Past this many recipient domains asked ahead, stale ones are dropped (they expire unused). */
    static final int PRUNE_ABOVE = 1_000;
    /** Shared by every instance: daemon threads, gone after a minute without work. */
    private static final ExecutorService AHEAD = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "ciers-auth-to-send-ahead");
        thread.setDaemon(true);
        return thread;
    });

    private record Ahead(CompletableFuture<AuthToSendResponse> answer, Instant askedAt) {
    }

    private final AuthorityClient client;
    private final Clock clock;
    private final Map<AuthToSendRequest, Ahead> ready = new ConcurrentHashMap<>();

    public AuthToSendAhead(AuthorityClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /**
     * The answer for this request: the one asked ahead when it is fresh and did not fail, else asked
     * now on the caller's thread. Fails as {@link AuthorityClient#authToSend} does.
     */
    public AuthToSendResponse authToSend(AuthToSendRequest request) {
        Ahead ahead = ready.remove(request);
        AuthToSendResponse answer = usable(ahead) ? answerOf(ahead) : client.authToSend(request);
        if (answer instanceof AuthToSendResponse.Granted) {
            askAhead(request);
        }
        return answer;
    }

    /** The answer asked ahead; if it is still on its way, this waits for it (it is bounded by the client's timeout). */
    private static AuthToSendResponse answerOf(Ahead ahead) {
        try {
            return ahead.answer().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    private boolean usable(Ahead ahead) {
        return ahead != null
            && !ahead.answer().isCompletedExceptionally()
            && Duration.between(ahead.askedAt(), clock.instant()).compareTo(MAX_AGE) < 0;
    }

    private void askAhead(AuthToSendRequest request) {
        if (ready.size() > PRUNE_ABOVE) {
            ready.values().removeIf(ahead -> !usable(ahead));
        }
        ready.computeIfAbsent(request, any -> new Ahead(
            CompletableFuture.supplyAsync(() -> client.authToSend(request), AHEAD), clock.instant()));
    }
}
