package org.ciers.authority.federation;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.protocol.model.AuthorityName;

/**
 * What this node saw of each peer since it started: when a peer last answered, its last failure,
 * and how many items it forwarded to it. The items still waiting are counted in the store
 * ({@code PeerOutboxStore}), which every node shares.
 */
@Singleton
public class PeerStatus {
    /** One peer's figures. */
    public record Seen(Optional<Instant> lastContact, Optional<Instant> lastFailureAt, Optional<String> lastFailure, long forwarded) {
        static final Seen NOTHING = new Seen(Optional.empty(), Optional.empty(), Optional.empty(), 0);
    }

    private final Clock clock;
    private final Map<AuthorityName, Seen> seen = new ConcurrentHashMap<>();

    @Inject
    public PeerStatus(Clock clock) {
        this.clock = clock;
    }

    public void contacted(AuthorityName peer) {
        Instant now = clock.instant();
        seen.merge(peer, new Seen(Optional.of(now), Optional.empty(), Optional.empty(), 0),
            (was, any) -> new Seen(Optional.of(now), was.lastFailureAt(), was.lastFailure(), was.forwarded()));
    }

    public void forwarded(AuthorityName peer, int items) {
        contacted(peer);
        seen.computeIfPresent(peer, (any, was) -> new Seen(was.lastContact(), was.lastFailureAt(), was.lastFailure(), was.forwarded() + items));
    }

    public void failed(AuthorityName peer, String reason) {
        Instant now = clock.instant();
        seen.merge(peer, new Seen(Optional.empty(), Optional.of(now), Optional.of(reason), 0),
            (was, any) -> new Seen(was.lastContact(), Optional.of(now), Optional.of(reason), was.forwarded()));
    }

    public Seen of(AuthorityName peer) {
        return seen.getOrDefault(peer, Seen.NOTHING);
    }

    /** Whether the peer's last exchange failed: it answered nothing since its last failure. */
    public boolean failing(AuthorityName peer) {
        Seen now = of(peer);
        return now.lastFailureAt().isPresent() && now.lastContact().map(contact -> contact.isBefore(now.lastFailureAt().get())).orElse(true);
    }
}
