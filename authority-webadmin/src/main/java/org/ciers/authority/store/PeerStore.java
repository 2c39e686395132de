package org.ciers.authority.store;

import java.net.URI;

import org.ciers.authority.model.Peer;
import org.ciers.protocol.model.AuthorityName;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The authority's peers (spec §7), shared by its nodes: a handful of rows, read whole. */
public interface PeerStore {
    /** Every peer, in name order. */
    Flux<Peer> list();

    /** Adds a peer, or changes its URL, keeping whether it is suspended. */
    Mono<Void> put(AuthorityName name, URI baseUrl);

    /** Suspends or resumes a peer; false when there is no such peer. */
    Mono<Boolean> setSuspended(AuthorityName name, boolean suspended);

    /** Keeps the key set last fetched from a peer (its CIERS document), so that a restart finds it while the peer is down. */
    Mono<Void> keepKeySet(AuthorityName name, byte[] document);

    /** The key set last kept for a peer; empty when none was. */
    Mono<byte[]> keySet(AuthorityName name);
}
