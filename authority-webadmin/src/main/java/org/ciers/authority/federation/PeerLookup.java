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
 * every active peer is asked at once. A domain is a peer's only when **every** active peer answered
 * and exactly that one claimed it: a peer that could not be asked leaves the answer
 * {@link Result.Unavailable} (nothing cached), two peers claiming one domain leave it
 * {@link Result.Unknown} (a conflict for the operators, logged), so that no peer can take another's
 * domain by answering first or while the owner is down. Complete answers are cached for
 * {@value FederationConfiguration#LOOKUP_TTL}, "unknown" for
 * {@value FederationConfiguration#NEGATIVE_LOOKUP_TTL}. Callers ask only for domains not registered
 * here.
 */
@Singleton
public class PeerLookup {
    private static final Logger LOGGER = LoggerFactory.getLogger(PeerLookup.class);
    static final String ROUTE = "lookup";
    /** Domains cached at most; past it the cache is emptied (a peer's many domains, or someone asking for random ones). */
    static final int MAX_CACHED = 100_000;
    /** MX hosts a peer may name for one domain. */
    static final int MAX_MX_HOSTS = 10;

    /** A domain a peer registered: where its mail goes. */
    public record RemoteDomain(AuthorityName peer, DomainName domain, ServerId serverId, List<String> mxHosts) {
        public RemoteDomain {
            mxHosts = List.copyOf(mxHosts);
        }
    }

    /** What the peers say of a domain. */
    public sealed interface Result {
        /** Registered with exactly one peer, as every active peer agrees. */
        record Found(RemoteDomain remote) implements Result {
        }

        /** Registered with no peer (or claimed by two: a conflict). */
        record Unknown() implements Result {
        }

        /** A peer could not be asked: nobody can say yet. */
        record Unavailable() implements Result {
        }
    }

    private record Cached(Result answer, Instant until) {
    }

    /** One peer's answer: its claim, or nothing when it does not have the domain. */
    private record Answer(AuthorityName peer, Optional<RemoteDomain> claim) {
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

    /** The peer that registered {@code domain}, its server ID and MX hosts, as far as the peers can say now. */
    public Mono<Result> find(DomainName domain) {
        List<Peer> active = peers.activePeers();
        if (active.isEmpty()) {
            return Mono.just(new Result.Unknown());
        }
        Instant now = clock.instant();
        Cached cached = cache.get(domain);
        if (cached != null && cached.until().isAfter(now)) {
            if (cached.answer() instanceof Result.Found found && peers.active(found.remote().peer()).isEmpty()) {
                return Mono.just(new Result.Unknown());
            }
            return Mono.just(cached.answer());
        }
        return Flux.fromIterable(active)
            .flatMap(peer -> ask(peer, domain))
            .collectList()
            .map(answers -> {
                List<RemoteDomain> claims = answers.stream().flatMap(answer -> answer.claim().stream()).toList();
                if (claims.size() > 1) {
                    LOGGER.warn("CIERS: peers {} all claim {}: answered as registered with none (a conflict for their operators)",
                        claims.stream().map(RemoteDomain::peer).toList(), domain);
                    return keep(domain, new Result.Unknown(), now);
                }
                if (answers.size() < active.size()) {
                    return new Result.Unavailable();
                }
                return claims.isEmpty() ? keep(domain, new Result.Unknown(), now) : keep(domain, new Result.Found(claims.get(0)), now);
            });
    }

    private Result keep(DomainName domain, Result answer, Instant now) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(domain, new Cached(answer, now.plus(answer instanceof Result.Found ? configuration.lookupTtl()
            : configuration.negativeLookupTtl())));
        return answer;
    }

    /** The peer's answer; nothing when it could not be asked or answered what cannot be (a bad server ID or MX host). */
    private Mono<Answer> ask(Peer peer, DomainName domain) {
        return client.post(peer, ROUTE, new PeerMessages.LookupRequest(domain.asString()), PeerMessages.LookupAnswer.class)
            .map(answer -> {
                if (!answer.registered()) {
                    return new Answer(peer.name(), Optional.<RemoteDomain>empty());
                }
                if (answer.mxHosts().size() > MAX_MX_HOSTS) {
                    throw new PeerClient.PeerException(peer.name() + " named more than " + MAX_MX_HOSTS + " MX hosts for " + domain);
                }
                // each MX host a host name (DomainName checks it): nothing else reaches the senders' transport
                List<String> mxHosts = answer.mxHosts().stream().map(host -> DomainName.of(host).asString()).toList();
                return new Answer(peer.name(), Optional.of(new RemoteDomain(peer.name(), domain, ServerId.of(answer.serverId().orElseThrow()),
                    mxHosts)));
            })
            .doOnNext(any -> status.contacted(peer.name()))
            .onErrorResume(failure -> {
                status.failed(peer.name(), String.valueOf(failure.getMessage()));
                LOGGER.warn("CIERS: peer lookup of {} at {} failed: {}", domain, peer.name(), failure.toString());
                return Mono.empty();
            });
    }
}
