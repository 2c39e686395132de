package org.ciers.protocol.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.signed.SignedMessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending server's message IDs issued in advance (spec §10): a pool of unexpired IDs per
 * sender server ID and recipient domain, so that a delivery takes its ID without a round trip to
 * the authority, and deliveries go on with CIERS through an authority outage for as long as the
 * pool lasts.
 *
 * <p>{@link #take} hands out one ID, each once only, from the pool when it has a usable one; an
 * empty pool asks the authority on the caller's thread for {@link Settings#size} IDs. When a pool
 * falls to {@link Settings#refillBelow} usable IDs, it is refilled in the background, one refill
 * per pool at a time; a refill that fails stays quiet (the pool lives on its stock) and the next
 * one waits {@link #REFILL_PAUSE}. So an authority that is down or hangs never delays a delivery
 * while the pool has IDs; its failures reach the caller only when the pool is empty. Refusals
 * ({@code domain_invalid}, {@code not_authorized}) are answered to the caller and never pooled.
 *
 * <p>An ID is usable while it has {@link Settings#minRemaining} left before it expires, so that the
 * receiving server never sees it expire during the delivery (connect, STARTTLS, CIERS, DATA). The
 * expiry of a signed ID is read from it; an ID whose expiry cannot be read (an unsigned one) is
 * used at most {@link #MAX_AGE_UNSIGNED} after its grant, far below any authority's expiry.
 * IDs left unused expire at the authority, which logs them and never counts them in a trust value.
 */
public final class MessageIdPool {
    private static final Logger LOGGER = LoggerFactory.getLogger(MessageIdPool.class);
    /** How long after its grant an ID whose expiry cannot be read is handed out: far below any authority's expiry (an hour by default). */
    public static final Duration MAX_AGE_UNSIGNED = Duration.ofMinutes(1);
    /** Past this many pools (recipient domains), the least recently used one is dropped; its IDs expire unused. */
    public static final int MAX_POOLS = 10_000;
    /** After a refill that brought nothing, the next one for that pool waits this long: an authority that is down is not asked in a loop. */
    public static final Duration REFILL_PAUSE = Duration.ofSeconds(10);
    /** The largest pool: a refill asks in requests of at most {@link AuthToSendRequest#MAX_COUNT} IDs until the pool is full. */
    public static final int MAX_SIZE = 10_000;
    private static final int REFILL_THREADS = 4;
    /**
     * Shared by every pool: a few daemon threads, gone after a minute without work. A hung
     * authority holds each for at most the client's timeout; the queue holds at most one refill
     * per pool.
     */
    private static final Executor REFILLS = refillThreads();

    /**
     * @param size         how many IDs a full pool holds (1 to {@link #MAX_SIZE}); an empty pool asks for as many, at most
     *                     {@link AuthToSendRequest#MAX_COUNT} on the delivery's thread
     * @param refillBelow  a pool with this many usable IDs or fewer is refilled in the background (0 to {@code size − 1})
     * @param minRemaining how long an ID handed out must still have before it expires: a delivery finishes within it
     */
    public record Settings(int size, int refillBelow, Duration minRemaining) {
        public Settings {
            if (size < 1 || size > MAX_SIZE) {
                throw new IllegalArgumentException("the pool size must be 1 to " + MAX_SIZE + ": " + size);
            }
            if (refillBelow < 0 || refillBelow >= size) {
                throw new IllegalArgumentException("the refill threshold must be 0 to " + (size - 1) + " (below the pool size): "
                    + refillBelow);
            }
            Objects.requireNonNull(minRemaining, "minRemaining");
            if (minRemaining.isNegative()) {
                throw new IllegalArgumentException("the least remaining lifetime must not be negative: " + minRemaining);
            }
        }
    }

    /** The auth_to_send call the pool makes: {@link AuthorityClient#authToSend}, timed or not. */
    @FunctionalInterface
    public interface Authority {
        /** Fails as {@link AuthorityClient#authToSend} does. */
        AuthToSendResponse authToSend(AuthToSendRequest request);
    }

    /** What the pool tells the server's metrics. */
    public interface Observer {
        Observer NONE = new Observer() {
        };

        /** An ID was handed out from a pool: the delivery did not wait for the authority. */
        default void takenFromPool() {
        }

        /** A pool had no usable ID: the delivery asked the authority itself. */
        default void askedOnCallersThread() {
        }

        /** A background refill failed (the authority down, slow or failing); the pool lives on its stock. */
        default void refillFailed() {
        }
    }

    /** One pool per auth_to_send question: the sender's server ID and the recipient domain. */
    private record PoolKey(ServerId sender, DomainName recipient) {
    }

    private final Authority authority;
    private final Settings settings;
    private final Clock clock;
    private final Observer observer;
    private final Executor refills;
    private final Map<PoolKey, RecipientDomainPool> pools;
    private final AtomicBoolean warnedShortLifetime = new AtomicBoolean();

    public MessageIdPool(Authority authority, Settings settings, Clock clock, Observer observer) {
        this(authority, settings, clock, observer, REFILLS, MAX_POOLS);
    }

    MessageIdPool(Authority authority, Settings settings, Clock clock, Observer observer, Executor refills, int maxPools) {
        this.authority = Objects.requireNonNull(authority, "authority");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.refills = Objects.requireNonNull(refills, "refills");
        // access order: the eldest entry is the least recently used pool
        this.pools = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<PoolKey, RecipientDomainPool> eldest) {
                return size() > maxPools;
            }
        };
    }

    /**
     * One message ID for this request's sender and recipient domain: a grant of exactly one ID, from
     * the pool when it has a usable one, else asked now on the caller's thread; or the authority's
     * refusal. The request's own count is not used: the pool decides how many IDs to ask for.
     *
     * @throws AuthorityUnavailableException the pool is empty and the authority cannot answer now
     * @throws AuthorityRejectedException    the pool is empty and the authority answered with a CIERS error
     */
    public AuthToSendResponse take(AuthToSendRequest request) {
        RecipientDomainPool pool = poolFor(request);
        Instant now = clock.instant();
        Optional<PooledMessageId> pooled = pool.poll(now);
        if (pooled.isPresent()) {
            observer.takenFromPool();
            refillIfLow(pool, request, now);
            return pooled.get().granted();
        }
        observer.askedOnCallersThread();
        AuthToSendResponse answer = authority.authToSend(request.withCount(Math.min(settings.size(), AuthToSendRequest.MAX_COUNT)));
        if (!(answer instanceof AuthToSendResponse.Granted granted)) {
            return answer;
        }
        Instant grantedAt = clock.instant();
        List<PooledMessageId> fresh = pooledIds(granted, grantedAt);
        PooledMessageId first = fresh.get(0);
        if (!first.isUsableAt(grantedAt) && warnedShortLifetime.compareAndSet(false, true)) {
            LOGGER.warn("CIERS: the authority's message IDs expire within {} of their grant (the least remaining lifetime of "
                + "pooled IDs): each delivery asks the authority itself", settings.minRemaining());
        }
        // the fresh ID goes to this delivery even when short-lived: nothing fresher can be had
        pool.add(fresh.subList(1, fresh.size()).stream().filter(id -> id.isUsableAt(grantedAt)).toList());
        refillIfLow(pool, request, grantedAt);
        return first.granted();
    }

    /** Usable IDs in all pools together, for the server's metrics. */
    public int usableIds() {
        List<RecipientDomainPool> all;
        synchronized (pools) {
            all = new ArrayList<>(pools.values());
        }
        Instant now = clock.instant();
        return all.stream().mapToInt(pool -> pool.usable(now)).sum();
    }

    private RecipientDomainPool poolFor(AuthToSendRequest request) {
        synchronized (pools) {
            return pools.computeIfAbsent(new PoolKey(request.serverId(), request.recipientDomain()), key -> new RecipientDomainPool());
        }
    }

    private void refillIfLow(RecipientDomainPool pool, AuthToSendRequest request, Instant now) {
        OptionalInt missing = pool.startRefill(now, settings.size(), settings.refillBelow());
        if (missing.isEmpty()) {
            return;
        }
        try {
            refills.execute(() -> refill(pool, request, missing.getAsInt()));
        } catch (RejectedExecutionException e) {
            pool.refillEnded(false, now, REFILL_PAUSE);
        }
    }

    /**
     * In the background, in requests of at most {@link AuthToSendRequest#MAX_COUNT} IDs until
     * {@code missing} came: whatever happens stays here, the deliveries go on with the pool's stock.
     */
    private void refill(RecipientDomainPool pool, AuthToSendRequest request, int missing) {
        boolean brought = false;
        try {
            int left = missing;
            while (left > 0) {
                AuthToSendResponse answer = authority.authToSend(request.withCount(Math.min(left, AuthToSendRequest.MAX_COUNT)));
                if (!(answer instanceof AuthToSendResponse.Granted granted)) {
                    LOGGER.warn("CIERS: the authority answered {} to a refill of the message ID pool for {}", answer.getClass().getSimpleName(),
                        request.recipientDomain());
                    break;
                }
                Instant grantedAt = clock.instant();
                List<PooledMessageId> usable = pooledIds(granted, grantedAt).stream().filter(id -> id.isUsableAt(grantedAt)).toList();
                if (usable.isEmpty()) {
                    break;
                }
                pool.add(usable);
                brought = true;
                left -= granted.messageIds().size();
            }
        } catch (RuntimeException e) {
            observer.refillFailed();
            LOGGER.warn("CIERS: refilling the message ID pool for {} failed ({}); deliveries use the IDs left", request.recipientDomain(),
                e.getMessage());
        } finally {
            pool.refillEnded(brought, clock.instant(), REFILL_PAUSE);
        }
    }

    /** The grant's IDs in their order, each with the last instant it may be handed out. */
    private List<PooledMessageId> pooledIds(AuthToSendResponse.Granted granted, Instant grantedAt) {
        List<PooledMessageId> ids = new ArrayList<>(granted.messageIds().size());
        for (MessageId id : granted.messageIds()) {
            ids.add(new PooledMessageId(id, granted.recipientServerId(), granted.mxServers(), usableUntil(id, grantedAt)));
        }
        return ids;
    }

    private Instant usableUntil(MessageId id, Instant grantedAt) {
        return SignedMessageId.parse(id)
            .map(signed -> signed.expiresAt().minus(settings.minRemaining()))
            .orElseGet(() -> grantedAt.plus(MAX_AGE_UNSIGNED));
    }

    private static Executor refillThreads() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(REFILL_THREADS, REFILL_THREADS, 1, TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "ciers-message-id-refill");
                thread.setDaemon(true);
                return thread;
            });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
