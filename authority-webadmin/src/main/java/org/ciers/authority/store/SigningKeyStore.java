package org.ciers.authority.store;

import java.time.Instant;

import org.ciers.authority.model.StoredSigningKey;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The authority's signing keys, shared by its nodes; a handful of rows, read whole. */
public interface SigningKeyStore {
    /** Every key, in ascending key ID order. */
    Flux<StoredSigningKey> list();

    /** Adds a key unless one with its ID exists (two nodes making the first key at once: one wins); true when added. */
    Mono<Boolean> add(StoredSigningKey key);

    /** Marks a key retired, listed until {@code listedUntil}; nothing for an unknown key. */
    Mono<Void> retire(int keyId, Instant listedUntil);

    /** Removes a key: IDs it signed are refused from then on. */
    Mono<Void> remove(int keyId);
}
