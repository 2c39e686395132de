package org.ciers.authority.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.ciers.authority.model.Peer;
import org.ciers.authority.store.memory.MemoryPeerStore;
import org.ciers.protocol.SettableClock;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.xml.CiersXml;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

/**
 * Which peer a domain is: only when every peer answered and exactly one claimed it, so that a peer
 * cannot take another's domain by answering first, while the owner is down, or by claiming it too.
 */
class PeerLookupTest {
    static final DomainName DOMAIN = DomainName.of("c.example");
    static final AuthorityName OWNER = AuthorityName.of("ciers-c");
    static final AuthorityName OTHER = AuthorityName.of("ciers-d");
    static final PeerMessages.LookupAnswer CLAIM = new PeerMessages.LookupAnswer(true, Optional.of("CCCCCCCCCCCCCCCCCCC3"),
        List.of("mx.c.example"));

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T12:00:00Z"));
    /** What each peer answers; a missing peer fails as one that cannot be reached. */
    private final Map<AuthorityName, PeerMessages.LookupAnswer> answers = new ConcurrentHashMap<>();
    private final AtomicInteger asked = new AtomicInteger();
    private PeerLookup lookup;

    @BeforeEach
    void twoPeers() {
        FederationFixtures fixtures = new FederationFixtures(new MemoryPeerStore(), clock, OWNER.asString(), OTHER.asString());
        PeerClient client = new PeerClient(fixtures.federation, fixtures.configuration, null, new CiersXml(), clock) {
            @Override
            public <T> Mono<T> post(Peer peer, String route, Object body, Class<T> answer) {
                asked.incrementAndGet();
                PeerMessages.LookupAnswer given = answers.get(peer.name());
                return given == null ? Mono.error(new PeerException(peer.name() + " is down")) : Mono.just(answer.cast(given));
            }
        };
        lookup = new PeerLookup(fixtures.peers, client, fixtures.status, fixtures.federation, clock);
    }

    @Test
    void aDomainOnePeerClaimsAndTheOtherDoesNotIsThatPeers() {
        answers.put(OWNER, CLAIM);
        answers.put(OTHER, PeerMessages.LookupAnswer.unknown());

        PeerLookup.Result result = lookup.find(DOMAIN).block();

        assertThat(result).isInstanceOf(PeerLookup.Result.Found.class);
        assertThat(((PeerLookup.Result.Found) result).remote().peer()).isEqualTo(OWNER);
    }

    @Test
    void aDomainTwoPeersClaimIsNobodys() {
        answers.put(OWNER, CLAIM);
        answers.put(OTHER, CLAIM);

        assertThat(lookup.find(DOMAIN).block()).isInstanceOf(PeerLookup.Result.Unknown.class);
    }

    /** The owner down: a claim by the other peer alone is no answer, and nothing is cached. */
    @Test
    void aClaimWhileAnotherPeerCannotBeAskedIsNoAnswerYet() {
        answers.put(OTHER, CLAIM);

        assertThat(lookup.find(DOMAIN).block()).isInstanceOf(PeerLookup.Result.Unavailable.class);

        answers.put(OWNER, CLAIM);
        assertThat(lookup.find(DOMAIN).block()).isInstanceOf(PeerLookup.Result.Unknown.class);
    }

    @Test
    void aCompleteAnswerIsCachedForItsTimeToLive() {
        answers.put(OWNER, CLAIM);
        answers.put(OTHER, PeerMessages.LookupAnswer.unknown());
        lookup.find(DOMAIN).block();
        int askedOnce = asked.get();

        assertThat(lookup.find(DOMAIN).block()).isInstanceOf(PeerLookup.Result.Found.class);
        assertThat(asked.get()).isEqualTo(askedOnce);

        clock.advance(FederationConfiguration.DEFAULT_LOOKUP_TTL.plusSeconds(1));
        lookup.find(DOMAIN).block();
        assertThat(asked.get()).isGreaterThan(askedOnce);
    }

    /** What reaches the senders' transport as an MX host must be a host name. */
    @Test
    void aClaimNamingWhatIsNoHostNameIsNoAnswer() {
        answers.put(OWNER, new PeerMessages.LookupAnswer(true, Optional.of("CCCCCCCCCCCCCCCCCCC3"), List.of("mx.c.example\r\nRCPT TO:<x>")));
        answers.put(OTHER, PeerMessages.LookupAnswer.unknown());

        assertThat(lookup.find(DOMAIN).block()).isInstanceOf(PeerLookup.Result.Unavailable.class);
    }
}
