package org.ciers.authority.model;

import java.util.Objects;
import java.util.UUID;

/** A record waiting to be indexed, under the entry that orders it (a time-based UUID: older entries first). */
public record QueuedAnalyticsRecord(UUID entry, AnalyticsRecord record) {
    public QueuedAnalyticsRecord {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(record, "record");
    }
}
