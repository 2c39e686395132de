package org.ciers.authority.model;

import java.time.Instant;
import java.util.Objects;

import org.ciers.protocol.model.AuthorityName;

/**
 * A relay's own record of what it forwarded about one message ID (spec §7: it keeps its own record
 * of the transaction): the item, the peer, when the peer answered and what (counted, duplicate,
 * invalid, accepted, denied).
 */
public record ForwardingRecord(AuthorityName peer, ForwardedItem item, Instant forwardedAt, String outcome) {
    public ForwardingRecord {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(forwardedAt, "forwardedAt");
        Objects.requireNonNull(outcome, "outcome");
    }
}
