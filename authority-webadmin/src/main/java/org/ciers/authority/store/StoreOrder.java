package org.ciers.authority.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.UUID;

/**
 * The orders every twin lists in, spelled the way Cassandra's clustering columns compare, so a
 * memory twin sorting with these gives the rows in the order a Cassandra partition keeps them.
 */
public final class StoreOrder {
    /** Text as Cassandra compares {@code text}: by its UTF-8 bytes, unsigned. */
    public static final Comparator<String> TEXT = (left, right) ->
        Arrays.compareUnsigned(left.getBytes(StandardCharsets.UTF_8), right.getBytes(StandardCharsets.UTF_8));

    /** Times as Cassandra keeps a {@code timestamp}: to the millisecond. */
    public static final Comparator<Instant> TIME = Comparator.comparingLong(Instant::toEpochMilli);

    /**
     * UUIDs as Cassandra compares {@code uuid}: by version; time-based ones by their time, the others
     * by their bits, unsigned; then by their low bits, unsigned.
     */
    public static final Comparator<UUID> UUIDS = (left, right) -> {
        int byVersion = Integer.compare(left.version(), right.version());
        if (byVersion != 0) {
            return byVersion;
        }
        int high = left.version() == 1
            ? Long.compare(left.timestamp(), right.timestamp())
            : Long.compareUnsigned(left.getMostSignificantBits(), right.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(left.getLeastSignificantBits(), right.getLeastSignificantBits());
    };

    private StoreOrder() {
    }
}
