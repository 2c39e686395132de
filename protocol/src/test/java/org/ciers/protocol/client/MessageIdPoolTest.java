package org.ciers.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.ciers.protocol.SettableClock;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.CiersResponse;
import org.ciers.protocol.message.ErrorResponse;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.TrustValue;
import org.ciers.protocol.signed.SignedMessageId;
import org.ciers.protocol.signed.SigningKey;
import org.ciers.protocol.xml.CiersXml;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.sun.net.httpserver.HttpServer;

/**
 * The pool against a real HTTP server on loopback that answers auth_to_send as told: signed IDs
 * with a known expiry (as many as asked, or one whatever the count), unsigned IDs, a refusal, a
 * failure, or no answer at all. Background refills run when the test says so ({@link QueuedRefills}),
 * except where the test is about the background itself; time is a {@link SettableClock}.
 */
class MessageIdPoolTest {
    enum Answer { SIGNED, SIGNED_ONE, UNSIGNED, DOMAIN_INVALID, NOT_AUTHORIZED, UNAVAILABLE, HANG }

    private static final CiersXml XML = new CiersXml();
    private static final AuthorityName AUTHORITY = AuthorityName.of("ciers");
    private static final SigningKey KEY = new SigningKey(1, new Ed25519PrivateKeyParameters(new SecureRandom()));
    private static final ServerId RECIPIENT_SERVER = ServerId.of("BBBBBBBBBBBBBBBBBBB2");
    private static final List<String> MX = List.of("mx.b.example");
    private static final Duration MIN_REMAINING = Duration.ofMinutes(5);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final AtomicReference<Answer> answer = new AtomicReference<>(Answer.SIGNED);
    private final AtomicReference<Duration> lifetime = new AtomicReference<>(Duration.ofHours(1));
    /** The count of each auth_to_send the authority received, in order. */
    private final List<Integer> asked = new CopyOnWriteArrayList<>();
    private final Set<MessageId> granted = ConcurrentHashMap.newKeySet();
    private final AtomicLong unsignedSequence = new AtomicLong();
    private final CountDownLatch hangUntil = new CountDownLatch(1);
    private final QueuedRefills queued = new QueuedRefills();
    private final CountingObserver observer = new CountingObserver();
    private ExecutorService serverThreads;
    private ExecutorService backgroundThreads;
    private HttpServer server;

    /** Background refills held until the test runs them, on its own thread. */
    private static final class QueuedRefills implements Executor {
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        int pending() {
            return tasks.size();
        }

        void runAll() {
            for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                task.run();
            }
        }
    }

    private static final class CountingObserver implements MessageIdPool.Observer {
        final AtomicInteger taken = new AtomicInteger();
        final AtomicInteger askedOnCallersThread = new AtomicInteger();
        final AtomicInteger refillsFailed = new AtomicInteger();

        @Override
        public void takenFromPool() {
            taken.incrementAndGet();
        }

        @Override
        public void askedOnCallersThread() {
            askedOnCallersThread.incrementAndGet();
        }

        @Override
        public void refillFailed() {
            refillsFailed.incrementAndGet();
        }
    }

    @BeforeEach
    void start() throws IOException {
        serverThreads = Executors.newCachedThreadPool();
        backgroundThreads = Executors.newFixedThreadPool(2);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(serverThreads);
        server.createContext(AuthorityClient.PROTOCOL_PATH, exchange -> {
            byte[] body;
            int status = 200;
            try {
                AuthToSendRequest request = XML.readRequest(exchange.getRequestBody().readAllBytes(), AuthToSendRequest.class);
                asked.add(request.count());
                CiersResponse response = answer(request);
                if (response instanceof ErrorResponse) {
                    status = 503;
                }
                body = XML.write(response);
            } catch (Exception e) {
                status = 500;
                body = new byte[0];
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        hangUntil.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
        backgroundThreads.shutdownNow();
    }

    private CiersResponse answer(AuthToSendRequest request) throws InterruptedException {
        switch (answer.get()) {
            case SIGNED:
                return grant(request, request.count());
            case SIGNED_ONE:
                return grant(request, 1);
            case UNSIGNED:
                List<MessageId> ids = new ArrayList<>();
                for (int i = 0; i < request.count(); i++) {
                    ids.add(MessageId.of("ciers.UNSIGNEDMESSAGEID" + String.format("%012d", unsignedSequence.incrementAndGet())));
                }
                granted.addAll(ids);
                return new AuthToSendResponse.Granted(RECIPIENT_SERVER, ids, MX);
            case DOMAIN_INVALID:
                return new AuthToSendResponse.DomainInvalid();
            case NOT_AUTHORIZED:
                return new AuthToSendResponse.NotAuthorized();
            case HANG:
                hangUntil.await();
                return new ErrorResponse.Unavailable();
            default:
                return new ErrorResponse.Unavailable();
        }
    }

    private AuthToSendResponse.Granted grant(AuthToSendRequest request, int count) {
        List<MessageId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(SignedMessageId.issue(AUTHORITY, KEY, request.serverId(), request.recipientDomain(), clock.instant().plus(lifetime.get()),
                TrustValue.parse("20"), new SecureRandom()).id());
        }
        granted.addAll(ids);
        return new AuthToSendResponse.Granted(RECIPIENT_SERVER, ids, MX);
    }

    private AuthorityClient client(Duration timeout) {
        return new AuthorityClient(new AuthorityClient.Settings(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), timeout,
            Optional.empty()), XML);
    }

    private MessageIdPool pool(int size, int refillBelow) {
        return pool(size, refillBelow, queued);
    }

    private MessageIdPool pool(int size, int refillBelow, Executor refills) {
        return new MessageIdPool(client(Duration.ofSeconds(5))::authToSend, new MessageIdPool.Settings(size, refillBelow, MIN_REMAINING),
            clock, observer, refills, MessageIdPool.MAX_POOLS);
    }

    private static MessageId take(MessageIdPool pool) {
        return take(pool, AuthorityClientTest.ASK);
    }

    private static MessageId take(MessageIdPool pool, AuthToSendRequest request) {
        AuthToSendResponse answer = pool.take(request);
        assertThat(answer).isInstanceOf(AuthToSendResponse.Granted.class);
        AuthToSendResponse.Granted one = (AuthToSendResponse.Granted) answer;
        assertThat(one.messageIds()).hasSize(1);
        return one.messageId();
    }

    private Instant expiryOf(MessageId id) {
        return SignedMessageId.parse(id).orElseThrow().expiresAt();
    }

    @Test
    void theFirstTakeAsksOnceForAFullPoolAndHandsOutOneIdOfTheGrant() {
        MessageIdPool pool = pool(10, 3);

        AuthToSendResponse.Granted first = (AuthToSendResponse.Granted) pool.take(AuthorityClientTest.ASK);

        assertThat(asked).containsExactly(10);
        assertThat(first.messageIds()).hasSize(1);
        assertThat(granted).contains(first.messageId());
        assertThat(first.recipientServerId()).isEqualTo(RECIPIENT_SERVER);
        assertThat(first.mxServers()).isEqualTo(MX);
        assertThat(pool.usableIds()).isEqualTo(9);
        assertThat(observer.askedOnCallersThread).hasValue(1);
        assertThat(queued.pending()).isZero();
    }

    @Test
    void takesComeFromThePoolWithoutTheAuthorityUntilTheRefillThreshold() {
        MessageIdPool pool = pool(10, 3);
        Set<MessageId> handedOut = new HashSet<>();
        handedOut.add(take(pool));

        // 9 left: the takes leave 8, 7, 6, 5, 4, all above the threshold
        for (int i = 0; i < 5; i++) {
            handedOut.add(take(pool));
            assertThat(queued.pending()).isZero();
        }
        assertThat(asked).containsExactly(10);

        handedOut.add(take(pool));
        assertThat(queued.pending()).isEqualTo(1);
        assertThat(asked).containsExactly(10);
        queued.runAll();

        // the refill asks for what the pool misses: 10 − 3
        assertThat(asked).containsExactly(10, 7);
        assertThat(pool.usableIds()).isEqualTo(10);
        assertThat(handedOut).hasSize(7);
        assertThat(observer.taken).hasValue(6);
        assertThat(observer.askedOnCallersThread).hasValue(1);
    }

    @Test
    void aPoolHasOneRefillOnItsWayAtATime() {
        MessageIdPool pool = pool(5, 3);
        take(pool);
        take(pool);
        assertThat(queued.pending()).isEqualTo(1);

        take(pool);
        take(pool);
        assertThat(queued.pending()).isEqualTo(1);

        queued.runAll();
        assertThat(asked).containsExactly(5, 2);
        assertThat(pool.usableIds()).isEqualTo(3);
        take(pool);
        assertThat(queued.pending()).isEqualTo(1);
    }

    @Test
    void theRefillRunsInTheBackgroundAndLaterTakesUseIt() {
        MessageIdPool pool = new MessageIdPool(client(Duration.ofSeconds(5))::authToSend, new MessageIdPool.Settings(5, 2, MIN_REMAINING),
            clock, observer);
        take(pool);
        take(pool);
        take(pool);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pool.usableIds() == 5);
        assertThat(asked).containsExactly(5, 3);
        for (int i = 0; i < 5; i++) {
            take(pool);
        }
        assertThat(observer.askedOnCallersThread).hasValue(1);
        assertThat(observer.taken).hasValue(7);
    }

    @Test
    void anIdIsHandedOutOnlyWhileItHasTheLeastRemainingLifetime() {
        lifetime.set(Duration.ofMinutes(10));
        MessageIdPool pool = pool(5, 0);
        take(pool);

        clock.advance(Duration.ofMinutes(5));
        MessageId lastUsable = take(pool);
        assertThat(Duration.between(clock.instant(), expiryOf(lastUsable))).isEqualTo(MIN_REMAINING);
        assertThat(asked).containsExactly(5);

        clock.advance(Duration.ofSeconds(1));
        MessageId fresh = take(pool);
        assertThat(asked).containsExactly(5, 5);
        assertThat(expiryOf(fresh)).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(observer.askedOnCallersThread).hasValue(2);
    }

    @Test
    void anIdWhoseExpiryIsUnknownIsHandedOutAtMostItsMaximumAgeAfterItsGrant() {
        answer.set(Answer.UNSIGNED);
        MessageIdPool pool = pool(5, 0);
        take(pool);

        clock.advance(MessageIdPool.MAX_AGE_UNSIGNED);
        take(pool);
        assertThat(asked).containsExactly(5);

        clock.advance(Duration.ofSeconds(1));
        take(pool);
        assertThat(asked).containsExactly(5, 5);
    }

    @Test
    void freshIdsThatExpireTooSoonGoToTheDeliveryButNeverIntoThePool() {
        lifetime.set(Duration.ofMinutes(2));
        MessageIdPool pool = pool(5, 0);

        MessageId first = take(pool);
        MessageId second = take(pool);

        assertThat(first).isNotEqualTo(second);
        assertThat(asked).containsExactly(5, 5);
        assertThat(pool.usableIds()).isZero();
    }

    @Test
    void concurrentTakesNeverHandOutAnIdTwice() throws Exception {
        MessageIdPool pool = pool(20, 5, backgroundThreads);
        int threads = 8;
        int takesEach = 50;
        CountDownLatch go = new CountDownLatch(1);
        Queue<MessageId> handedOut = new ConcurrentLinkedQueue<>();
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                work.add(() -> {
                    go.await();
                    for (int i = 0; i < takesEach; i++) {
                        handedOut.add(take(pool));
                    }
                    return null;
                });
            }
            List<Future<Void>> done = new ArrayList<>();
            for (Callable<Void> sender : work) {
                done.add(senders.submit(sender));
            }
            go.countDown();
            for (Future<Void> sender : done) {
                sender.get(60, TimeUnit.SECONDS);
            }
        } finally {
            senders.shutdownNow();
        }

        assertThat(handedOut).hasSize(threads * takesEach);
        assertThat(new HashSet<>(handedOut)).hasSize(threads * takesEach);
        assertThat(granted).containsAll(handedOut);
        assertThat(observer.taken.get() + observer.askedOnCallersThread.get()).isEqualTo(threads * takesEach);
    }

    @Test
    void aPrimedPoolDeliversThroughAnAuthorityOutageThenTheFailureReachesTheCaller() {
        MessageIdPool pool = pool(5, 2);
        Set<MessageId> handedOut = new HashSet<>();
        handedOut.add(take(pool));
        server.stop(0);

        handedOut.add(take(pool));
        handedOut.add(take(pool));
        assertThat(queued.pending()).isEqualTo(1);
        queued.runAll();
        assertThat(observer.refillsFailed).hasValue(1);
        handedOut.add(take(pool));
        handedOut.add(take(pool));

        assertThat(handedOut).hasSize(5);
        assertThatThrownBy(() -> pool.take(AuthorityClientTest.ASK)).isInstanceOf(AuthorityUnavailableException.class);
        assertThat(observer.taken).hasValue(4);
    }

    @Test
    void aHangingAuthorityNeverDelaysADeliveryFromAPrimedPool() {
        // the client would wait a minute for the hanging refill: a take that waited for it fails the bound below
        MessageIdPool pool = new MessageIdPool(client(Duration.ofMinutes(1))::authToSend, new MessageIdPool.Settings(5, 3, MIN_REMAINING),
            clock, observer, backgroundThreads, MessageIdPool.MAX_POOLS);
        take(pool);
        answer.set(Answer.HANG);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            // 3 left: the refill starts, and the authority holds it
            take(pool);
            Awaitility.await().atMost(Duration.ofSeconds(4)).until(() -> asked.size() == 2);
            take(pool);
            take(pool);
            take(pool);
        });
        assertThat(observer.askedOnCallersThread).hasValue(1);
        assertThat(asked).hasSize(2);
    }

    @Test
    void aFailedRefillIsTriedAgainOnALaterTakeAfterAPause() {
        MessageIdPool pool = pool(10, 8);
        take(pool);
        answer.set(Answer.UNAVAILABLE);
        take(pool);
        queued.runAll();
        assertThat(observer.refillsFailed).hasValue(1);
        assertThat(queued.pending()).isZero();

        take(pool);
        assertThat(queued.pending()).isZero();

        clock.advance(MessageIdPool.REFILL_PAUSE);
        answer.set(Answer.SIGNED);
        take(pool);
        assertThat(queued.pending()).isEqualTo(1);
        queued.runAll();
        assertThat(asked).containsExactly(10, 2, 4);
        assertThat(pool.usableIds()).isEqualTo(10);
    }

    @ParameterizedTest
    @EnumSource(value = Answer.class, names = {"DOMAIN_INVALID", "NOT_AUTHORIZED"})
    void refusalsReachTheCallerAndAreNeverPooled(Answer refusal) {
        answer.set(refusal);
        MessageIdPool pool = pool(5, 2);

        AuthToSendResponse first = pool.take(AuthorityClientTest.ASK);
        AuthToSendResponse second = pool.take(AuthorityClientTest.ASK);

        assertThat(first).isNotInstanceOf(AuthToSendResponse.Granted.class).isEqualTo(second);
        assertThat(asked).containsExactly(5, 5);
        assertThat(queued.pending()).isZero();
        assertThat(pool.usableIds()).isZero();
    }

    @Test
    void aFailureOnAnEmptyPoolReachesTheCallerAndNothingIsAskedAhead() {
        answer.set(Answer.UNAVAILABLE);
        MessageIdPool pool = pool(5, 2);

        assertThatThrownBy(() -> pool.take(AuthorityClientTest.ASK)).isInstanceOf(AuthorityUnavailableException.class);
        assertThat(queued.pending()).isZero();

        answer.set(Answer.SIGNED);
        take(pool);
        assertThat(asked).containsExactly(5, 5);
        assertThat(observer.refillsFailed).hasValue(0);
    }

    @Test
    void aPoolOfOneKeepsOneIdAhead() {
        MessageIdPool pool = pool(1, 0);
        take(pool);
        assertThat(queued.pending()).isEqualTo(1);
        queued.runAll();
        assertThat(asked).containsExactly(1, 1);

        MessageId second = take(pool);

        assertThat(asked).containsExactly(1, 1);
        assertThat(granted).contains(second);
        assertThat(observer.taken).hasValue(1);
        assertThat(queued.pending()).isEqualTo(1);
    }

    @Test
    void anAuthorityGrantingFewerIdsThanAskedIsAskedAgainUntilThePoolIsFull() {
        answer.set(Answer.SIGNED_ONE);
        MessageIdPool pool = pool(5, 2);
        take(pool);
        assertThat(pool.usableIds()).isZero();
        queued.runAll();
        assertThat(pool.usableIds()).isEqualTo(5);

        take(pool);

        // one refill, in as many requests as it takes
        assertThat(asked).containsExactly(5, 5, 4, 3, 2, 1);
        assertThat(observer.taken).hasValue(1);
        assertThat(observer.askedOnCallersThread).hasValue(1);
    }

    @Test
    void aPoolLargerThanOneRequestIsFilledInRequestsOfTheLargestCount() {
        MessageIdPool pool = pool(250, 100);
        take(pool);
        queued.runAll();

        assertThat(asked).containsExactly(AuthToSendRequest.MAX_COUNT, AuthToSendRequest.MAX_COUNT, 51);
        assertThat(pool.usableIds()).isEqualTo(250);
    }

    @Test
    void pastTheCapTheLeastRecentlyUsedPoolIsDropped() {
        MessageIdPool pool = new MessageIdPool(client(Duration.ofSeconds(5))::authToSend, new MessageIdPool.Settings(5, 0, MIN_REMAINING),
            clock, observer, queued, 2);
        AuthToSendRequest toA = AuthorityClientTest.ASK;
        AuthToSendRequest toC = new AuthToSendRequest(toA.serverId(), toA.passphrase(), DomainName.of("c.example"));
        AuthToSendRequest toD = new AuthToSendRequest(toA.serverId(), toA.passphrase(), DomainName.of("d.example"));
        take(pool, toA);
        take(pool, toC);
        take(pool, toA);

        take(pool, toD);
        assertThat(asked).hasSize(3);
        take(pool, toA);
        assertThat(asked).hasSize(3);
        take(pool, toC);

        assertThat(asked).hasSize(4);
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new MessageIdPool.Settings(0, 0, MIN_REMAINING)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageIdPool.Settings(MessageIdPool.MAX_SIZE + 1, 0, MIN_REMAINING))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageIdPool.Settings(5, 5, MIN_REMAINING)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageIdPool.Settings(5, -1, MIN_REMAINING)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageIdPool.Settings(5, 2, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new MessageIdPool.Settings(1, 0, Duration.ZERO).size()).isEqualTo(1);
    }
}
