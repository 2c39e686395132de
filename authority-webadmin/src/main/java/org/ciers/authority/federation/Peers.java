package org.ciers.authority.federation;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.model.Peer;
import org.ciers.authority.shared.AuditTrail;
import org.ciers.authority.store.PeerStore;
import org.ciers.protocol.model.AuthorityName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peers of this authority (spec §7): those {@code ciers.properties} lists, put in the store at
 * start, and those the operator added; the store is shared by the authority's nodes and each node
 * rereads it every {@link #REFRESH} in the background, as it does its signing keys.
 */
@Singleton
public class Peers {
    public static final Duration REFRESH = Duration.ofSeconds(10);
    public static final String PEER_ADDED = "peer.added";
    public static final String PEER_SUSPENDED = "peer.suspended";
    public static final String PEER_RESUMED = "peer.resumed";
    private static final Logger LOGGER = LoggerFactory.getLogger(Peers.class);

    private record Loaded(List<Peer> peers, Instant at) {
    }

    private final PeerStore store;
    private final AuthorityConfiguration authority;
    private final AuditTrail audit;
    private final Clock clock;
    private final AtomicBoolean reloading = new AtomicBoolean();
    private volatile Loaded loaded;

    @Inject
    public Peers(PeerStore store, FederationConfiguration configuration, AuthorityConfiguration authority, AuditTrail audit, Clock clock) {
        this.store = store;
        this.authority = authority;
        this.audit = audit;
        this.clock = clock;
        for (Peer peer : configuration.configuredPeers()) {
            if (peer.name().equals(authority.name())) {
                throw new IllegalArgumentException(FederationConfiguration.PEERS + " names this authority itself: " + peer.name());
            }
            store.put(peer.name(), peer.baseUrl()).block();
        }
        reload();
    }

    /** Every peer, suspended ones included. */
    public List<Peer> all() {
        Loaded current = loaded;
        if (current.at().plus(REFRESH).isBefore(clock.instant()) && reloading.compareAndSet(false, true)) {
            store.list().collectList()
                .doFinally(any -> reloading.set(false))
                .subscribe(peers -> loaded = new Loaded(peers, clock.instant()),
                    failure -> LOGGER.warn("CIERS: cannot reread the peers, keeping the ones loaded: {}", failure.toString()));
        }
        return current.peers();
    }

    public Optional<Peer> named(AuthorityName name) {
        return all().stream().filter(peer -> peer.name().equals(name)).findFirst();
    }

    /** The peer of that name if it is not suspended: the only peers whose IDs count and who may ask anything. */
    public Optional<Peer> active(AuthorityName name) {
        return named(name).filter(peer -> !peer.suspended());
    }

    public List<Peer> activePeers() {
        return all().stream().filter(peer -> !peer.suspended()).toList();
    }

    /** Adds a peer or changes its URL (the operator's route). */
    public Peer add(AuthorityName name, URI baseUrl, String actor) {
        if (name.equals(authority.name())) {
            throw new IllegalArgumentException("name: this authority cannot peer with itself");
        }
        Peer checked = new Peer(name, baseUrl, false);
        store.put(checked.name(), checked.baseUrl()).block();
        audit.record(actor, PEER_ADDED, name.asString() + " " + baseUrl).block();
        reload();
        return named(name).orElseThrow();
    }

    /** Suspends or resumes a peer; false for an unknown one. */
    public boolean setSuspended(AuthorityName name, boolean suspended, String actor) {
        boolean known = Boolean.TRUE.equals(store.setSuspended(name, suspended).block());
        if (known) {
            audit.record(actor, suspended ? PEER_SUSPENDED : PEER_RESUMED, name.asString()).block();
            reload();
        }
        return known;
    }

    private void reload() {
        loaded = new Loaded(store.list().collectList().block(), clock.instant());
    }
}
