package org.ciers.authority.model;

import java.util.Objects;
import java.util.UUID;

/** An item waiting in a peer's outbox under the entry that orders it (a time-based UUID: older entries first). */
public record QueuedItem(UUID entry, ForwardedItem item) {
    public QueuedItem {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(item, "item");
    }
}
