package org.ciers.authority.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.ciers.authority.model.Peer;
import org.ciers.authority.store.memory.MemoryPeerStore;
import org.ciers.protocol.SettableClock;
import org.ciers.protocol.message.KeysResponse;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.TrustValue;
import org.ciers.protocol.signed.SignedMessageId;
import org.ciers.protocol.signed.SigningKey;
import org.ciers.protocol.xml.CiersXml;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

/**
 * How the relay checks a peer's IDs: never by asking the peer on the request's thread, never
 * dropping a receipt because the peer's keys cannot be had, and with the peer's last set kept in the
 * store for a restart while it is down.
 */
class PeerKeySetsTest {
    static final AuthorityName PEER = AuthorityName.of("ciers-a");
    static final ServerId SENDER = ServerId.of("AAAAAAAAAAAAAAAAAAA1");
    static final SecureRandom RANDOM = new SecureRandom();

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T12:00:00Z"));
    private final SigningKey peerKey = new SigningKey(7, new Ed25519PrivateKeyParameters(RANDOM));
    private final MemoryPeerStore store = new MemoryPeerStore();
    /** The peer's key set as it serves it; null: the peer is down. */
    private final AtomicReference<KeysResponse> served = new AtomicReference<>();
    private FederationFixtures fixtures;

    @BeforeEach
    void peer() {
        fixtures = new FederationFixtures(store, clock, PEER.asString());
    }

    private PeerKeySets keySets() {
        PeerClient client = new PeerClient(fixtures.federation, fixtures.configuration, null, new CiersXml(), clock) {
            @Override
            public Mono<KeysResponse> keys(Peer peer) {
                KeysResponse keys = served.get();
                return keys == null ? Mono.error(new PeerException("down")) : Mono.just(keys);
            }
        };
        return new PeerKeySets(fixtures.peers, client, fixtures.status, store, new CiersXml(), clock);
    }

    private KeysResponse keysOf(SigningKey... keys) {
        return new KeysResponse(PEER, List.of(keys).stream()
            .map(key -> new KeysResponse.PublicKey(key.keyId(), key.publicKey().getEncoded(), clock.instant().minusSeconds(60), Optional.empty()))
            .toList());
    }

    private SignedMessageId signedBy(SigningKey key) {
        return SignedMessageId.issue(PEER, key, SENDER, DomainName.of("b.example"), clock.instant().plusSeconds(600), TrustValue.parse("20"),
            RANDOM);
    }

    @Test
    void anIdOfThePeerSignedWithItsKeyIsSigned() {
        served.set(keysOf(peerKey));

        assertThat(keySets().check(signedBy(peerKey), SENDER)).isEqualTo(PeerKeySets.Check.SIGNED);
    }

    /** Never fetched (the peer down since this node started, nothing stored): ask again later, never "invalid". */
    @Test
    void withoutThePeersKeysTheAnswerIsToAskAgainLater() {
        assertThat(keySets().check(signedBy(peerKey), SENDER)).isEqualTo(PeerKeySets.Check.KEYS_UNAVAILABLE);
    }

    @Test
    void aForgeryUnderAKeyIdTheFreshSetDoesNotListIsNotSigned() {
        served.set(keysOf(peerKey));
        PeerKeySets keySets = keySets();

        SigningKey forger = new SigningKey(99, new Ed25519PrivateKeyParameters(RANDOM));
        SigningKey sameIdOtherKey = new SigningKey(peerKey.keyId(), new Ed25519PrivateKeyParameters(RANDOM));

        assertThat(keySets.check(signedBy(forger), SENDER)).isEqualTo(PeerKeySets.Check.NOT_SIGNED);
        assertThat(keySets.check(signedBy(sameIdOtherKey), SENDER)).isEqualTo(PeerKeySets.Check.NOT_SIGNED);
    }

    @Test
    void aRestartWhileThePeerIsDownChecksWithTheSetKeptInTheStore() {
        served.set(keysOf(peerKey));
        keySets();
        served.set(null);

        PeerKeySets afterRestart = keySets();

        assertThat(afterRestart.check(signedBy(peerKey), SENDER)).isEqualTo(PeerKeySets.Check.SIGNED);
        assertThat(afterRestart.relayed()).extracting(KeysResponse.PeerKeys::authority).containsExactly(PEER);
    }

    /** A set listing a key ID twice would make every receiving server refuse the whole key set: refused, the one held kept. */
    @Test
    void aPeerSetListingAKeyIdTwiceIsRefusedAndTheHeldOneKept() {
        served.set(keysOf(peerKey));
        PeerKeySets keySets = keySets();
        SigningKey twin = new SigningKey(peerKey.keyId(), new Ed25519PrivateKeyParameters(RANDOM));
        served.set(keysOf(peerKey, twin));

        keySets.fetchNow(fixtures.peers.named(PEER).orElseThrow());

        assertThat(keySets.relayed()).hasSize(1);
        assertThat(keySets.relayed().get(0).keys()).hasSize(1);
        assertThat(keySets.check(signedBy(peerKey), SENDER)).isEqualTo(PeerKeySets.Check.SIGNED);
    }

    @Test
    void anIdOfAnAuthorityThatIsNoPeerIsNotSigned() {
        served.set(keysOf(peerKey));
        SignedMessageId stranger = SignedMessageId.issue(AuthorityName.of("ciers-x"), peerKey, SENDER, DomainName.of("b.example"),
            clock.instant().plusSeconds(600), TrustValue.parse("20"), RANDOM);

        assertThat(keySets().check(stranger, SENDER)).isEqualTo(PeerKeySets.Check.NOT_SIGNED);
    }
}
