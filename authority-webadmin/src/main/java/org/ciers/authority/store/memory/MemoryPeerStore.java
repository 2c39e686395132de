package org.ciers.authority.store.memory;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import org.ciers.authority.model.Peer;
import org.ciers.authority.store.PeerStore;
import org.ciers.protocol.model.AuthorityName;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public class MemoryPeerStore implements PeerStore {
    private final ConcurrentSkipListMap<String, Peer> peers = new ConcurrentSkipListMap<>();
    private final Map<AuthorityName, byte[]> keySets = new ConcurrentHashMap<>();

    @Override
    public Flux<Peer> list() {
        return Flux.defer(() -> Flux.fromIterable(peers.values()));
    }

    @Override
    public Mono<Void> put(AuthorityName name, URI baseUrl) {
        return Mono.fromRunnable(() -> peers.compute(name.asString(),
            (key, peer) -> new Peer(name, baseUrl, peer != null && peer.suspended())));
    }

    @Override
    public Mono<Void> keepKeySet(AuthorityName name, byte[] document) {
        return Mono.fromRunnable(() -> keySets.put(name, document.clone()));
    }

    @Override
    public Mono<byte[]> keySet(AuthorityName name) {
        return Mono.fromSupplier(() -> keySets.get(name)).map(byte[]::clone);
    }

    @Override
    public Mono<Boolean> setSuspended(AuthorityName name, boolean suspended) {
        return Mono.fromSupplier(() -> peers.computeIfPresent(name.asString(), (key, peer) -> peer.withSuspended(suspended)) != null);
    }
}
