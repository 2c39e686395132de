package org.ciers.authority.federation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.authority.model.Peer;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.ServerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Which peer a domain this authority does not know is registered with (spec §7, a peer lookup):
 * asked of every active peer, the first that knows it answers; cached for
 * {@value FederationConfiguration#LOOKUP_TTL}, an unknown domain for
 * {@value FederationConfiguration#NEGATIVE_LOOKUP_TTL}. A peer that cannot be asked is not an
 * answer: nothing is cached then, and the caller hears "unknown" until it can.
 */
@Singleton
public class PeerLookup {
    private static final Logger LOGGER = LoggerFactory.getLogger(PeerLookup.class);
    static final String ROUTE = "lookup";
    /** Domains cached at most; past it the cache is emptied (a peer's many domains, or someone asking for random ones). */
    static final int MAX_CACHED = 100_000;

    /** A domain a peer registered: where its mail goes. */
    public record RemoteDomain(AuthorityName peer, DomainName domain, ServerId serverId, List<String> mxHosts) {
        public RemoteDomain {
            mxHosts = List.copyOf(mxHosts);
        }
    }

    private record Cached(Optional<RemoteDomain> answer, Instant until) {
    }

    private final Peers peers;
    private final PeerClient client;
    private final PeerStatus status;
    private final FederationConfiguration configuration;
    private final Clock clock;
    private final Map<DomainName, Cached> cache = new ConcurrentHashMap<>();

    @Inject
    public PeerLookup(Peers peers, PeerClient client, PeerStatus status, FederationConfiguration configuration, Clock clock) {
        this.peers = peers;
        this.client = client;
        this.status = status;
        this.configuration = configuration;
        this.clock = clock;
    }

    /** The peer that registered {@code domain}, its server ID and MX hosts; empty when no active peer did. */
    public Mono<Optional<RemoteDomain>> find(DomainName domain) {
        List<Peer> active = peers.activePeers();
        if (active.isEmpty()) {
            return Mono.just(Optional.empty());
        }
        Instant now = clock.instant();
        Cached cached = cache.get(domain);
        if (cached != null && cached.until().isAfter(now)) {
            return Mono.just(cached.answer().filter(remote -> peers.active(remote.peer()).isPresent()));
        }
        return Flux.fromIterable(active)
            .concatMap(peer -> ask(peer, domain))
            .collectList()
            .map(answers -> {
                Optional<RemoteDomain> found = answers.stream().flatMap(Optional::stream).findFirst();
                boolean everyPeerAnswered = answers.size() == active.size();
                if (found.isPresent() || everyPeerAnswered) {
                    if (cache.size() >= MAX_CACHED) {
                        cache.clear();
                    }
                    cache.put(domain, new Cached(found, now.plus(found.isPresent() ? configuration.lookupTtl()
                        : configuration.negativeLookupTtl())));
                }
                return found;
            });
    }

    /** The peer's answer; nothing when it could not be asked. */
    private Mono<Optional<RemoteDomain>> ask(Peer peer, DomainName domain) {
        return client.post(peer, ROUTE, new PeerMessages.LookupRequest(domain.asString()), PeerMessages.LookupAnswer.class)
            .map(answer -> {
                status.contacted(peer.name());
                if (!answer.registered()) {
                    return Optional.<RemoteDomain>empty();
                }
                return Optional.of(new RemoteDomain(peer.name(), domain, ServerId.of(answer.serverId().orElseThrow()), answer.mxHosts()));
            })
            .onErrorResume(failure -> {
                status.failed(peer.name(), failure.getMessage());
                LOGGER.warn("CIERS: peer lookup of {} at {} failed: {}", domain, peer.name(), failure.getMessage());
                return Mono.empty();
            });
    }
}
