package org.ciers.authority.federation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.authority.model.Peer;
import org.ciers.authority.model.QueuedItem;
import org.ciers.authority.store.PeerOutboxStore;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.ServerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each active peer what waits for it in {@link PeerOutboxStore}, oldest first, in batches of
 * {@value FederationConfiguration#BATCH_SIZE}, on one thread of its own. A batch leaves the outbox
 * only when the peer answered it; a peer that cannot be reached is tried again after a doubling
 * delay, up to {@value FederationConfiguration#MAX_RETRY_DELAY}: nothing is lost, the wait shows in
 * the operator's peer view and the health check. A suspended peer is sent nothing; what waits for it
 * stays until it is resumed.
 */
@Singleton
public class PeerForwarder {
    static final String ROUTE = "forwarded";
    /** The most items a peer takes in one request. */
    static final int MAX_ITEMS = FederationConfiguration.MAX_BATCH_SIZE;
    private static final Logger LOGGER = LoggerFactory.getLogger(PeerForwarder.class);
    /** How often the outboxes are looked at when nothing wakes the forwarder (items queued by another node). */
    static final Duration POLL = Duration.ofSeconds(1);
    static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(1);
    /** Batches one peer gets in a round before the next peer's turn. */
    static final int BATCHES_PER_ROUND = 4;

    private record Backoff(Instant nextAttempt, Duration delay) {
    }

    private final Peers peers;
    private final PeerOutboxStore outbox;
    private final PeerClient client;
    private final PeerStatus status;
    private final FederationConfiguration configuration;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread forwarding = new Thread(runnable, "ciers-peer-forwarder");
        forwarding.setDaemon(true);
        return forwarding;
    });
    private final AtomicBoolean woken = new AtomicBoolean();
    private final Map<AuthorityName, Backoff> backoffs = new ConcurrentHashMap<>();

    @Inject
    public PeerForwarder(Peers peers, PeerOutboxStore outbox, PeerClient client, PeerStatus status, FederationConfiguration configuration,
                         Clock clock) {
        this.peers = peers;
        this.outbox = outbox;
        this.client = client;
        this.status = status;
        this.configuration = configuration;
        this.clock = clock;
        thread.scheduleWithFixedDelay(this::forwardAll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Something was queued: forward soon, without waiting for the next poll. */
    public void wake() {
        if (woken.compareAndSet(false, true)) {
            thread.execute(() -> {
                woken.set(false);
                forwardAll();
            });
        }
    }

    /** Whether a peer's last batch failed and it waits for a retry. */
    public boolean waitingToRetry(AuthorityName peer) {
        return backoffs.containsKey(peer);
    }

    /**
     * One round: each peer in turn gets at most {@link #BATCHES_PER_ROUND} batches, so that a peer
     * whose outbox never empties cannot starve the others. Nothing thrown ends the schedule.
     */
    private void forwardAll() {
        try {
            boolean more = false;
            for (Peer peer : peers.activePeers()) {
                more |= forwardRound(peer);
            }
            if (more) {
                wake();
            }
        } catch (Throwable unexpected) {
            // a scheduled task that throws is never run again: log, and go on at the next poll
            LOGGER.error("CIERS: forwarding to peers failed unexpectedly", unexpected);
        }
    }

    /** Whether the peer has more waiting after this round. */
    private boolean forwardRound(Peer peer) {
        Backoff backoff = backoffs.get(peer.name());
        if (backoff != null && clock.instant().isBefore(backoff.nextAttempt())) {
            return false;
        }
        try {
            boolean more = forward(peer);
            backoffs.remove(peer.name());
            return more;
        } catch (RuntimeException e) {
            Duration delay = backoff == null ? FIRST_RETRY_DELAY : min(backoff.delay().multipliedBy(2), configuration.maxRetryDelay());
            backoffs.put(peer.name(), new Backoff(clock.instant().plus(delay), delay));
            status.failed(peer.name(), String.valueOf(e.getMessage()));
            LOGGER.warn("CIERS: forwarding to peer {} failed, next try in {}: {}", peer.name(), delay, e.toString());
            return false;
        }
    }

    /** Up to {@link #BATCHES_PER_ROUND} batches waiting for the peer, until none is left or one fails; whether more wait. */
    private boolean forward(Peer peer) {
        for (int round = 0; round < BATCHES_PER_ROUND; round++) {
            List<QueuedItem> batch = outbox.pending(peer.name(), configuration.batchSize()).collectList().block(configuration.requestTimeout());
            if (batch == null || batch.isEmpty()) {
                return false;
            }
            PeerMessages.ForwardedAnswer answer = client.post(peer, ROUTE, new PeerMessages.ForwardedBatch(batch.stream()
                    .map(queued -> new PeerMessages.Item(queued.item().kind().wireName(), queued.item().messageId().asString(),
                        queued.item().senderServerId().map(ServerId::asString), queued.item().recipientDomain().asString(), queued.item().at()))
                    .toList()), PeerMessages.ForwardedAnswer.class)
                .block();
            if (answer == null || answer.outcomes().size() != batch.size()
                || !answer.outcomes().stream().allMatch(PeerMessages.ForwardedAnswer.OUTCOMES::contains)) {
                throw new PeerClient.PeerException(peer.name() + " answered " + (answer == null ? 0 : answer.outcomes().size())
                    + " outcomes, or unknown ones, for " + batch.size() + " items");
            }
            outbox.forwarded(peer.name(), batch, answer.outcomes(), clock.instant()).block(configuration.requestTimeout());
            status.forwarded(peer.name(), batch.size());
            LOGGER.info("CIERS: {} item(s) forwarded to peer {}", batch.size(), peer.name());
        }
        return true;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
