package org.ciers.authority.store.memory;

import java.time.Instant;
import java.util.concurrent.ConcurrentSkipListMap;

import org.ciers.authority.model.StoredSigningKey;
import org.ciers.authority.store.SigningKeyStore;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public class MemorySigningKeyStore implements SigningKeyStore {
    private final ConcurrentSkipListMap<Integer, StoredSigningKey> keys = new ConcurrentSkipListMap<>();

    @Override
    public Flux<StoredSigningKey> list() {
        return Flux.defer(() -> Flux.fromIterable(keys.values()));
    }

    @Override
    public Mono<Boolean> add(StoredSigningKey key) {
        return Mono.fromSupplier(() -> keys.putIfAbsent(key.keyId(), key) == null);
    }

    @Override
    public Mono<Void> retire(int keyId, Instant listedUntil) {
        return Mono.fromRunnable(() -> keys.computeIfPresent(keyId, (id, key) -> key.retired(listedUntil)));
    }

    @Override
    public Mono<Void> remove(int keyId) {
        return Mono.fromRunnable(() -> keys.remove(keyId));
    }
}
