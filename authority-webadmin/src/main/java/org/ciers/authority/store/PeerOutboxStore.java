package org.ciers.authority.store;

import java.time.Instant;
import java.util.List;

import org.ciers.authority.model.ForwardedItem;
import org.ciers.authority.model.ForwardingRecord;
import org.ciers.authority.model.QueuedItem;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.MessageId;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a relay forwards to each peer (spec §7), durably: items wait here until the peer answered
 * them, in the order they came, then become the relay's own record of the transaction, kept for the
 * transmissions' retention. No lightweight transaction: a batch forwarded twice (two nodes, a lost
 * answer) is counted once by the peer, which keeps its receipts exactly once.
 */
public interface PeerOutboxStore {
    /** Queues items for a peer, in this order, after what waits already. */
    Mono<Void> add(AuthorityName peer, List<ForwardedItem> items);

    /** At most {@code limit} items waiting for a peer, oldest first. */
    Flux<QueuedItem> pending(AuthorityName peer, int limit);

    /** How many items wait for a peer (an operator's figure: the store may count them one by one). */
    Mono<Long> countPending(AuthorityName peer);

    /** The peer answered these items: they stop waiting, and are recorded with the peer's outcome for each, in order. */
    Mono<Void> forwarded(AuthorityName peer, List<QueuedItem> items, List<String> outcomes, Instant forwardedAt);

    /** The relay's record of what it forwarded about one message ID, oldest first. */
    Flux<ForwardingRecord> history(MessageId messageId);
}
