package org.ciers.authority.federation;

import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.ciers.authority.model.Peer;
import org.ciers.authority.store.PeerOutboxStore;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /healthcheck/checks/CIERS%20peers} (healthcheck.properties {@code additional.healthchecks}):
 * degraded while an active peer's last exchange failed, naming it and what waits for it; healthy
 * otherwise, an authority without peers included. It reads what the forwarder, the lookups and the
 * key set fetches saw: the check itself asks no peer anything.
 */
public class PeerHealthCheck implements HealthCheck {
    public static final ComponentName COMPONENT = new ComponentName("CIERS peers");

    private final Peers peers;
    private final PeerStatus status;
    private final PeerOutboxStore outbox;

    @Inject
    public PeerHealthCheck(Peers peers, PeerStatus status, PeerOutboxStore outbox) {
        this.peers = peers;
        this.status = status;
        this.outbox = outbox;
    }

    @Override
    public ComponentName componentName() {
        return COMPONENT;
    }

    @Override
    public Publisher<Result> check() {
        List<Peer> failing = peers.activePeers().stream().filter(peer -> status.failing(peer.name())).toList();
        if (failing.isEmpty()) {
            return Mono.just(Result.healthy(COMPONENT));
        }
        return Flux.fromIterable(failing)
            .concatMap(peer -> outbox.countPending(peer.name())
                .map(pending -> peer.name().asString() + " (" + pending + " item(s) waiting; " + status.of(peer.name()).lastFailure().orElse("")
                    + ")"))
            .collectList()
            .map(lines -> Result.degraded(COMPONENT, "peers not answering: " + String.join(", ", lines)))
            .onErrorResume(failure -> Mono.just(Result.degraded(COMPONENT, "peers not answering; the outbox cannot be read: " + failure)));
    }
}
