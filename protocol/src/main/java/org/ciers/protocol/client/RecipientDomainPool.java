package org.ciers.protocol.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.PriorityQueue;

/**
 * The message IDs a sending server holds for one recipient domain, and the state of their refill.
 * IDs leave soonest-unusable first, so that as few as possible expire unused; each leaves once,
 * handed out by {@link #poll} or dropped once it is no longer usable. Every method holds this
 * pool's lock, never while the authority is asked.
 */
final class RecipientDomainPool {
    private final PriorityQueue<PooledMessageId> ids = new PriorityQueue<>(Comparator.comparing(PooledMessageId::usableUntil));
    private boolean refilling;
    private Instant noRefillBefore = Instant.MIN;

    /** The usable ID that becomes unusable first, taken out of the pool; empty when none is usable. */
    synchronized Optional<PooledMessageId> poll(Instant now) {
        dropUnusable(now);
        return Optional.ofNullable(ids.poll());
    }

    synchronized int usable(Instant now) {
        dropUnusable(now);
        return ids.size();
    }

    /** Granted IDs (to a delivery's own request, or by a refill): the authority answers again, so a refill need not wait out a pause. */
    synchronized void add(List<PooledMessageId> granted) {
        ids.addAll(granted);
        noRefillBefore = Instant.MIN;
    }

    /**
     * How many IDs a refill asks for, when one is due now: the pool has {@code refillBelow} usable
     * IDs or fewer, no refill is on its way, and none failed within the pause. The refill then counts
     * as on its way until {@link #refillEnded}.
     */
    synchronized OptionalInt startRefill(Instant now, int size, int refillBelow) {
        dropUnusable(now);
        if (refilling || ids.size() > refillBelow || now.isBefore(noRefillBefore)) {
            return OptionalInt.empty();
        }
        refilling = true;
        return OptionalInt.of(size - ids.size());
    }

    /** The refill is over; one that brought nothing (failed or refused) keeps the next one back for {@code pause}. */
    synchronized void refillEnded(boolean brought, Instant now, Duration pause) {
        refilling = false;
        if (!brought) {
            noRefillBefore = now.plus(pause);
        }
    }

    private void dropUnusable(Instant now) {
        while (!ids.isEmpty() && !ids.peek().isUsableAt(now)) {
            ids.poll();
        }
    }
}
