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
}
