package org.ciers.authority.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.model.Peer;
import org.ciers.authority.shared.AuditTrail;
import org.ciers.authority.store.memory.MemoryAuditLogStore;
import org.ciers.authority.store.memory.MemoryPeerStore;
import org.ciers.protocol.SettableClock;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.settings.CiersProperties;
import org.ciers.protocol.signed.SigningKey;
import org.ciers.protocol.xml.CiersXml;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checks on a peer request's signature, each refusal with the one thing an attacker who knows
 * only public values (the authorities' names, their URLs, their public keys) could try. This
 * authority is {@code ciers-b}; its peer {@code ciers-a} holds {@link #peerKey}.
 */
class PeerAuthenticatorTest {
    static final AuthorityName US = AuthorityName.of("ciers-b");
    static final AuthorityName PEER = AuthorityName.of("ciers-a");
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    static final String PATH = "/ciers/peer/v1/forwarded";
    static final byte[] BODY = "{\"items\":[]}".getBytes(StandardCharsets.UTF_8);
    static final SecureRandom RANDOM = new SecureRandom();

    private final SigningKey peerKey = new SigningKey(41, new Ed25519PrivateKeyParameters(RANDOM));
    private final SettableClock clock = new SettableClock(NOW);
    private Peers peers;
    private PeerAuthenticator authenticator;

    @BeforeEach
    void peerWithItsKeySet() {
        AuthorityConfiguration configuration = AuthorityConfiguration.from(new CiersProperties(Map.of(
            AuthorityConfiguration.NAME, US.asString())::get));
        FederationConfiguration federation = FederationConfiguration.from(new CiersProperties(Map.of(
            FederationConfiguration.PEERS, PEER.asString(),
            "authority.peer.ciers-a.url", "https://127.0.0.1:1")::get));
        MemoryPeerStore store = new MemoryPeerStore();
        peers = new Peers(store, federation, configuration, new AuditTrail(new MemoryAuditLogStore(), clock), clock);
        PeerStatus status = new PeerStatus(new RecordingMetricFactory(), new NoopGaugeRegistry(), clock);
        // the peer's key set as fetched from its configured URL: here, its one key
        PeerKeySets keySets = new PeerKeySets(peers, new PeerClient(federation, configuration, null, new CiersXml(), clock), status, store,
            new CiersXml(), clock) {
            @Override
            public Optional<Ed25519PublicKeyParameters> publicKey(Peer peer, int keyId) {
                return peer.name().equals(PEER) && keyId == peerKey.keyId() ? Optional.of(peerKey.publicKey()) : Optional.empty();
            }
        };
        authenticator = new PeerAuthenticator(peers, keySets, configuration, clock);
    }

    private Map<String, String> signed(AuthorityName from, AuthorityName to, SigningKey key, String path, byte[] body) {
        return new HashMap<>(PeerRequestSignature.sign(from, to, key, "POST", path, body, clock.instant(), RANDOM));
    }

    private PeerAuthenticator.Outcome present(Map<String, String> headers, String path, byte[] body) {
        return authenticator.authenticate(headers::get, "POST", path, body);
    }

    @Test
    void aRequestThePeerSignedForUsIsItsPeer() {
        PeerAuthenticator.Outcome outcome = present(signed(PEER, US, peerKey, PATH, BODY), PATH, BODY);

        assertThat(outcome).isInstanceOf(PeerAuthenticator.Outcome.Authenticated.class);
        assertThat(((PeerAuthenticator.Outcome.Authenticated) outcome).peer().name()).isEqualTo(PEER);
    }

    @Test
    void aRequestNamingThePeerWithoutASignatureIsRefused() {
        Map<String, String> headers = Map.of(PeerRequestSignature.PEER, PEER.asString());

        assertThat(present(headers, PATH, BODY)).isInstanceOf(PeerAuthenticator.Outcome.Refused.class);
    }

    @Test
    void aRequestSignedWithAnotherKeyUnderThePeersKeyIdIsRefused() {
        SigningKey forger = new SigningKey(peerKey.keyId(), new Ed25519PrivateKeyParameters(RANDOM));

        assertThat(present(signed(PEER, US, forger, PATH, BODY), PATH, BODY)).isInstanceOf(PeerAuthenticator.Outcome.Refused.class);
    }

    @Test
    void aSignedRequestPresentedTwiceIsRefusedTheSecondTime() {
        Map<String, String> headers = signed(PEER, US, peerKey, PATH, BODY);

        assertThat(present(headers, PATH, BODY)).isInstanceOf(PeerAuthenticator.Outcome.Authenticated.class);
        assertThat(present(headers, PATH, BODY)).isInstanceOf(PeerAuthenticator.Outcome.Refused.class);
    }

    @Test
    void aSignedRequestWithAnotherBodyOrOnAnotherRouteIsRefused() {
        Map<String, String> headers = signed(PEER, US, peerKey, PATH, BODY);

        assertThat(present(headers, PATH, "{\"items\":[{}]}".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(PeerAuthenticator.Outcome.Refused.class);
        assertThat(present(headers, "/ciers/peer/v1/lookup", BODY)).isInstanceOf(PeerAuthenticator.Outcome.Refused.class);
    }

    /** What the peer signed for a third authority cannot be replayed here. */
    @Test
    void aRequestSignedForAnotherAuthorityIsRefused() {
        assertThat(present(signed(PEER, AuthorityName.of("ciers-c"), peerKey, PATH, BODY), PATH, BODY))
            .isInstanceOf(PeerAuthenticator.Outcome.Refused.class);
    }

    @Test
    void aRequestOlderOrNewerThanTheAllowedClockDifferenceIsRefused() {
        Map<String, String> old = signed(PEER, US, peerKey, PATH, BODY);
        clock.advance(PeerAuthenticator.MAX_CLOCK_DIFFERENCE.plus(Duration.ofSeconds(1)));

        assertThat(present(old, PATH, BODY)).isInstanceOf(PeerAuthenticator.Outcome.Refused.class);
    }

    @Test
    void anAuthorityThatIsNoPeerIsRefusedWhateverItSigns() {
        SigningKey stranger = new SigningKey(peerKey.keyId(), new Ed25519PrivateKeyParameters(RANDOM));

        assertThat(present(signed(AuthorityName.of("ciers-x"), US, stranger, PATH, BODY), PATH, BODY))
            .isInstanceOf(PeerAuthenticator.Outcome.Refused.class);
    }

    @Test
    void aSuspendedPeerIsRefusedAndAResumedOneAccepted() {
        peers.setSuspended(PEER, true, "test");

        assertThat(present(signed(PEER, US, peerKey, PATH, BODY), PATH, BODY)).isInstanceOf(PeerAuthenticator.Outcome.Refused.class);

        peers.setSuspended(PEER, false, "test");

        assertThat(present(signed(PEER, US, peerKey, PATH, BODY), PATH, BODY)).isInstanceOf(PeerAuthenticator.Outcome.Authenticated.class);
    }

    @Test
    void garbageInEveryHeaderIsRefusedWithoutAFailure() {
        Map<String, String> headers = signed(PEER, US, peerKey, PATH, BODY);
        for (String header : new String[] {PeerRequestSignature.KEY_ID, PeerRequestSignature.TIME, PeerRequestSignature.NONCE,
            PeerRequestSignature.SIGNATURE, PeerRequestSignature.PEER}) {
            Map<String, String> broken = new HashMap<>(headers);
            broken.put(header, "\u0000" + "x".repeat(300));

            assertThat(present(broken, PATH, BODY)).as(header).isInstanceOf(PeerAuthenticator.Outcome.Refused.class);
        }
    }
}
