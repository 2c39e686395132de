package org.ciers.smtp.rmta.offline;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;

import org.ciers.protocol.model.MessageId;

/**
 * The signed IDs this server accepted, each remembered until it could no longer be accepted (its
 * expiry plus the clock skew), so that a second presentation is refused (spec §10). It holds at most
 * {@code capacity} IDs: when that many are unexpired, a new one is {@link Admission#FULL} (CIERS
 * answers 454), never let through unchecked.
 *
 * <p>An open-addressing table of 64-bit fingerprints and expiry seconds (12 bytes a slot, at most half
 * of the slots in use, grown as IDs arrive): at most about 25 bytes an ID, where a map of strings would
 * take hundreds. The fingerprint is the first 64 bits of SHA-256 of the ID: a replay has the same
 * fingerprint, so it is always caught; two different IDs sharing one (a new ID among a million held:
 * about one chance in 10^13) only refuse the second, which its sender then sends with another ID.
 *
 * <p>One lock guards the table: of two sessions presenting the same ID at once, exactly one is admitted.
 */
public final class ReplayCache {
    /** What became of an ID presented to the cache. */
    public enum Admission {
        /** Not seen before: it is remembered from now on. */
        FIRST_PRESENTATION,
        /** Seen before and not yet expired. */
        REPLAY,
        /** Not seen before, but there is no room to remember it. */
        FULL
    }

    static final int SMALLEST_TABLE = 1 << 10;
    /** A full cache is swept of expired IDs at most this often, so that a full cache does not cost a sweep per message. */
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);
    private static final long EMPTY = 0;
    private static final long LAST_SECOND = 0xFFFF_FFFFL;

    private final int capacity;
    private final int largestTable;
    private long[] fingerprints;
    private int[] keptUntil;
    /** Slots in use, expired IDs included until their slot is reused or the table rebuilt. */
    private int occupied;
    private Instant nextSweep = Instant.MIN;

    public ReplayCache(int capacity) {
        if (capacity < 1 || capacity > 1 << 28) {
            throw new IllegalArgumentException("a replay cache holds 1 to " + (1 << 28) + " IDs: " + capacity);
        }
        this.capacity = capacity;
        this.largestTable = Math.max(SMALLEST_TABLE, powerOfTwoAtLeast(2L * capacity));
        allocate(SMALLEST_TABLE);
    }

    /** Remembers the ID until {@code keepUntil}, unless it is remembered already or there is no room. */
    public Admission admit(MessageId id, Instant keepUntil, Instant now) {
        long fingerprint = fingerprint(id);
        int until = seconds(keepUntil);
        long nowSecond = now.getEpochSecond();
        synchronized (this) {
            int mask = fingerprints.length - 1;
            int slot = (int) fingerprint & mask;
            int reusable = -1;
            while (fingerprints[slot] != EMPTY) {
                if (fingerprints[slot] == fingerprint) {
                    if (isLive(slot, nowSecond)) {
                        return Admission.REPLAY;
                    }
                    keptUntil[slot] = until;
                    return Admission.FIRST_PRESENTATION;
                }
                if (reusable < 0 && !isLive(slot, nowSecond)) {
                    reusable = slot;
                }
                slot = (slot + 1) & mask;
            }
            if (reusable >= 0) {
                put(reusable, fingerprint, until);
                return Admission.FIRST_PRESENTATION;
            }
            if (occupied >= capacity || (occupied + 1) * 2 > fingerprints.length) {
                if (!rebuild(now)) {
                    return Admission.FULL;
                }
                slot = emptySlot(fingerprint);
            }
            put(slot, fingerprint, until);
            occupied++;
            return Admission.FIRST_PRESENTATION;
        }
    }

    /** Forgets the ID, so that it may be presented again (its acceptance could not be recorded). */
    public void forget(MessageId id) {
        long fingerprint = fingerprint(id);
        synchronized (this) {
            int mask = fingerprints.length - 1;
            for (int slot = (int) fingerprint & mask; fingerprints[slot] != EMPTY; slot = (slot + 1) & mask) {
                if (fingerprints[slot] == fingerprint) {
                    // an expired slot stays in its probe chain and is reused by the next insert on the way
                    keptUntil[slot] = 0;
                    return;
                }
            }
        }
    }

    /** How many IDs are held, the expired ones not yet swept included. */
    public synchronized int held() {
        return occupied;
    }

    /**
     * Rebuilds the table without its expired IDs, at a size with room to grow; returns whether there is
     * room for one more. When the cache is full this is a sweep, done at most once per {@link #SWEEP_INTERVAL}.
     */
    private boolean rebuild(Instant now) {
        if (occupied >= capacity) {
            if (now.isBefore(nextSweep)) {
                return false;
            }
            nextSweep = now.plus(SWEEP_INTERVAL);
        }
        long nowSecond = now.getEpochSecond();
        long[] oldFingerprints = fingerprints;
        int[] oldKeptUntil = keptUntil;
        int live = 0;
        for (int slot = 0; slot < oldFingerprints.length; slot++) {
            if (oldFingerprints[slot] != EMPTY && Integer.toUnsignedLong(oldKeptUntil[slot]) > nowSecond) {
                live++;
            }
        }
        allocate(Math.min(largestTable, Math.max(SMALLEST_TABLE, powerOfTwoAtLeast(4L * (live + 1)))));
        for (int slot = 0; slot < oldFingerprints.length; slot++) {
            if (oldFingerprints[slot] != EMPTY && Integer.toUnsignedLong(oldKeptUntil[slot]) > nowSecond) {
                put(emptySlot(oldFingerprints[slot]), oldFingerprints[slot], oldKeptUntil[slot]);
            }
        }
        occupied = live;
        return occupied < capacity && (occupied + 1) * 2 <= fingerprints.length;
    }

    private void allocate(int slots) {
        fingerprints = new long[slots];
        keptUntil = new int[slots];
    }

    private int emptySlot(long fingerprint) {
        int mask = fingerprints.length - 1;
        int slot = (int) fingerprint & mask;
        while (fingerprints[slot] != EMPTY) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void put(int slot, long fingerprint, int until) {
        fingerprints[slot] = fingerprint;
        keptUntil[slot] = until;
    }

    private boolean isLive(int slot, long nowSecond) {
        return Integer.toUnsignedLong(keptUntil[slot]) > nowSecond;
    }

    /** Unsigned seconds since the epoch, as IDs carry their expiry (until 2106). */
    private static int seconds(Instant instant) {
        return (int) Math.max(0, Math.min(instant.getEpochSecond(), LAST_SECOND));
    }

    private static int powerOfTwoAtLeast(long n) {
        return (int) Long.highestOneBit(Math.max(1, n - 1) << 1);
    }

    static long fingerprint(MessageId id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.asString().getBytes(StandardCharsets.US_ASCII));
            long fingerprint = ByteBuffer.wrap(digest).getLong();
            return fingerprint == EMPTY ? 1 : fingerprint;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
