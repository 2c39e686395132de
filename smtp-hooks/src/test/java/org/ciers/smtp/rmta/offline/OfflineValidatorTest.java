package org.ciers.smtp.rmta.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ciers.smtp.rmta.RmtaFixtures.AUTHORITY;
import static org.ciers.smtp.rmta.RmtaFixtures.SENDER;
import static org.ciers.smtp.rmta.RmtaFixtures.SIGNED_TRUST;
import static org.ciers.smtp.rmta.RmtaFixtures.START;
import static org.ciers.smtp.rmta.RmtaFixtures.THIS_DOMAIN;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.awaitility.Awaitility;
import org.ciers.protocol.SettableClock;
import org.ciers.protocol.message.InitiateSendRequest;
import org.ciers.protocol.message.KeysResponse;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.signed.SignedMessageId;
import org.ciers.protocol.signed.SigningKey;
import org.ciers.smtp.metrics.CiersMetrics;
import org.ciers.smtp.mta.MtaConfiguration;
import org.ciers.smtp.rmta.CiersValidation;
import org.ciers.smtp.rmta.FakeAuthority;
import org.ciers.smtp.rmta.RmtaFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The offline checks of spec §10 with a real Ed25519 key made here, the authority's key set served
 * over HTTP on loopback, and a clock the tests move.
 */
class OfflineValidatorTest {
    static final Duration SKEW = Duration.ofMinutes(2);
    static final Duration REFETCH_INTERVAL = Duration.ofSeconds(30);
    static final AuthorityName PEER = AuthorityName.of("ciers-peer");

    private final SigningKey key = RmtaFixtures.newKey(7);
    private final SettableClock clock = new SettableClock(START);
    private final RecordingMetricFactory metricFactory = new RecordingMetricFactory();
    private final RmtaFixtures.Domains domains = new RmtaFixtures.Domains("a.example", THIS_DOMAIN.asString());
    private FakeAuthority authority;

    @BeforeEach
    void startAuthority() throws Exception {
        authority = FakeAuthority.start();
        authority.keys(RmtaFixtures.keySet(key));
    }

    @AfterEach
    void stopAuthority() {
        authority.close();
    }

    OfflineValidator validator(String... settings) {
        String[] all = Arrays.copyOf(new String[] {
            MtaConfiguration.CLOCK_SKEW, "2m",
            MtaConfiguration.KEYS_REFETCH_INTERVAL, "30s"}, 4 + settings.length);
        System.arraycopy(settings, 0, all, 4, settings.length);
        MtaConfiguration configuration = RmtaFixtures.configuration(authority.url(), all);
        CiersMetrics metrics = RmtaFixtures.metrics(metricFactory);
        return new OfflineValidator(new AuthorityKeys(authority.client(), configuration, metrics), new ReceivingDomains(domains),
            configuration, metrics, clock);
    }

    static InitiateSendRequest presented(SignedMessageId id) {
        return new InitiateSendRequest(SENDER, id.id());
    }

    static InitiateSendRequest presented(String messageId) {
        return new InitiateSendRequest(SENDER, MessageId.of(messageId));
    }

    @Test
    void aValidSignedIdIsAcceptedWithTheTrustValueItCarries() {
        SignedMessageId id = RmtaFixtures.issue(key);

        OfflineVerdict verdict = validator().validate(presented(id));

        assertThat(verdict).isInstanceOf(OfflineVerdict.Accepted.class);
        OfflineVerdict.Accepted accepted = (OfflineVerdict.Accepted) verdict;
        assertThat(accepted.validation()).isEqualTo(CiersValidation.offline(SENDER, id.id(), SIGNED_TRUST));
        assertThat(accepted.validation().senderDomain()).isEmpty();
        assertThat(accepted.validation().reportToken()).isEmpty();
        assertThat(accepted.validatedAt()).isEqualTo(START);
        assertThat(authority.trustValueRequests()).isZero();
        assertThat(metricFactory.countFor(CiersMetrics.OFFLINE_ACCEPTED)).isEqualTo(1);
    }

    /** Spec §7: the authority relays its peers' keys; an ID of a peer is checked with the peer's key, offline. */
    @Test
    void anIdOfAPeerTheAuthorityRelaysIsAcceptedWithThePeersKey() {
        SigningKey peerKey = RmtaFixtures.newKey(7);
        authority.keys(withPeer(PEER, peerKey, List.of()));
        SignedMessageId id = RmtaFixtures.issue(PEER, peerKey, SENDER, THIS_DOMAIN, START.plusSeconds(3600));

        assertThat(validator().validate(presented(id))).isInstanceOf(OfflineVerdict.Accepted.class);
    }

    /** The authority took on a peer after this server fetched its key set: the peer's first ID fetches it again. */
    @Test
    void anIdOfAPeerNewerThanTheHeldKeySetFetchesItAgain() {
        OfflineValidator validator = validator();
        assertThat(validator.validate(presented(RmtaFixtures.issue(key)))).isInstanceOf(OfflineVerdict.Accepted.class);
        SigningKey peerKey = RmtaFixtures.newKey(7);
        authority.keys(withPeer(PEER, peerKey, List.of()));
        clock.advance(REFETCH_INTERVAL.plusSeconds(1));

        assertThat(validator.validate(presented(RmtaFixtures.issue(PEER, peerKey, SENDER, THIS_DOMAIN, START.plusSeconds(3600)))))
            .isInstanceOf(OfflineVerdict.Accepted.class);
    }

    @Test
    void anIdOfAnAuthorityThatIsNoPeerIsDeniedWhateverItsSignature() {
        SigningKey strangerKey = RmtaFixtures.newKey(7);
        authority.keys(withPeer(PEER, RmtaFixtures.newKey(9), List.of()));
        SignedMessageId id = RmtaFixtures.issue(AuthorityName.of("ciers-stranger"), strangerKey, SENDER, THIS_DOMAIN, START.plusSeconds(3600));

        OfflineVerdict verdict = validator().validate(presented(id));

        assertThat(verdict).isInstanceOf(OfflineVerdict.Denied.class);
        assertThat(((OfflineVerdict.Denied) verdict).reason()).contains("nor one of its peers");
    }

    /** A peer's ID signed with our authority's key under the peer's name, or the reverse, is a forgery: each issuer has its own keys. */
    @Test
    void anIdCheckedOnlyWithTheKeysOfTheAuthorityItNames() {
        SigningKey peerKey = RmtaFixtures.newKey(7);
        authority.keys(withPeer(PEER, peerKey, List.of()));
        SignedMessageId namedPeerSignedByOurs = RmtaFixtures.issue(PEER, key, SENDER, THIS_DOMAIN, START.plusSeconds(3600));
        SignedMessageId namedOursSignedByPeer = RmtaFixtures.issue(peerKey);

        assertThat(validator().validate(presented(namedPeerSignedByOurs))).isInstanceOf(OfflineVerdict.Denied.class);
        assertThat(validator().validate(presented(namedOursSignedByPeer))).isInstanceOf(OfflineVerdict.Denied.class);
    }

    @Test
    void anIdOfASenderThePeerSuspendedIsDenied() {
        SigningKey peerKey = RmtaFixtures.newKey(7);
        authority.keys(withPeer(PEER, peerKey, List.of(SENDER)));

        assertThat(validator().validate(presented(RmtaFixtures.issue(PEER, peerKey, SENDER, THIS_DOMAIN, START.plusSeconds(3600)))))
            .isInstanceOf(OfflineVerdict.Denied.class);
    }

    private KeysResponse withPeer(AuthorityName peer, SigningKey peerKey, List<ServerId> peerSuspended) {
        KeysResponse own = RmtaFixtures.keySet(key);
        return new KeysResponse(own.authority(), own.keys(), List.of(), List.of(
            new KeysResponse.PeerKeys(peer, RmtaFixtures.keySet(peerKey).keys(), peerSuspended)));
    }

    @Test
    void anIdSignedWithAnotherKeyUnderTheListedKeyIdIsDenied() {
        SigningKey forger = new SigningKey(key.keyId(), RmtaFixtures.newKey(7).privateKey());

        assertThat(validator().validate(presented(RmtaFixtures.issue(forger)))).isInstanceOf(OfflineVerdict.Denied.class);
    }

    @Test
    void anIdSignedByTheAuthoritysOtherKeyButNamingThisOneIsDenied() {
        SigningKey other = RmtaFixtures.newKey(8);
        authority.keys(RmtaFixtures.keySet(key, other));
        SigningKey misnamed = new SigningKey(key.keyId(), other.privateKey());

        assertThat(validator().validate(presented(RmtaFixtures.issue(misnamed)))).isInstanceOf(OfflineVerdict.Denied.class);
    }

    @Test
    void aBitFlippedInThePayloadOrTheSignatureIsDenied() {
        byte[] token = token(RmtaFixtures.issue(key));
        OfflineValidator validator = validator();
        // byte 58: the nonce's last byte; byte 100: inside the signature
        for (int at : new int[] {58, 100}) {
            byte[] flipped = token.clone();
            flipped[at] ^= 0x01;

            assertThat(validator.validate(presented(encode(flipped)))).isInstanceOf(OfflineVerdict.Denied.class);
        }
    }

    @Test
    void aTruncatedIdIsNoSignedIdAndGoesToTheAuthority() {
        byte[] token = token(RmtaFixtures.issue(key));

        OfflineVerdict verdict = validator().validate(presented(encode(Arrays.copyOf(token, token.length - 3))));

        assertThat(verdict).isInstanceOf(OfflineVerdict.Unverifiable.class);
    }

    @Test
    void anUnsignedIdGoesToTheAuthorityWithoutFetchingTheKeySet() {
        OfflineVerdict verdict = validator().validate(presented("ciers.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"));

        assertThat(verdict).isInstanceOf(OfflineVerdict.Unverifiable.class);
        assertThat(authority.keyFetches()).isZero();
        assertThat(metricFactory.countFor(CiersMetrics.OFFLINE_FALLBACK)).isEqualTo(1);
    }

    @Test
    void anUnknownKeyIdRefetchesTheKeySetAtMostOncePerInterval() {
        OfflineValidator validator = validator();
        assertThat(validator.validate(presented(RmtaFixtures.issue(key)))).isInstanceOf(OfflineVerdict.Accepted.class);
        assertThat(authority.keyFetches()).isEqualTo(1);

        clock.advance(REFETCH_INTERVAL);
        for (int keyId = 100; keyId < 150; keyId++) {
            assertThat(validator.validate(presented(RmtaFixtures.issue(RmtaFixtures.newKey(keyId))))).isInstanceOf(OfflineVerdict.Denied.class);
        }
        assertThat(authority.keyFetches()).isEqualTo(2);

        clock.advance(REFETCH_INTERVAL);
        validator.validate(presented(RmtaFixtures.issue(RmtaFixtures.newKey(99))));
        assertThat(authority.keyFetches()).isEqualTo(3);
    }

    @Test
    void aNewKeyOfTheAuthorityIsLearntOnItsFirstId() {
        OfflineValidator validator = validator();
        validator.validate(presented(RmtaFixtures.issue(key)));
        SigningKey next = RmtaFixtures.newKey(8);
        authority.keys(RmtaFixtures.keySet(key, next));
        clock.advance(REFETCH_INTERVAL);

        assertThat(validator.validate(presented(RmtaFixtures.issue(next)))).isInstanceOf(OfflineVerdict.Accepted.class);
        assertThat(authority.keyFetches()).isEqualTo(2);
    }

    @Test
    void anIdOfASenderTheKeySetListsAsSuspendedIsDeniedOnceTheSetIsFetchedAgain() {
        OfflineValidator validator = validator();
        assertThat(validator.validate(presented(RmtaFixtures.issue(key)))).isInstanceOf(OfflineVerdict.Accepted.class);
        KeysResponse keys = RmtaFixtures.keySet(key);
        authority.keys(new KeysResponse(keys.authority(), keys.keys(), List.of(SENDER)));

        clock.advance(MtaConfiguration.DEFAULT_KEYS_MAX_AGE);

        // the set held is used while the new one is fetched in the background
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> validator.validate(presented(RmtaFixtures.issue(key)))
            instanceof OfflineVerdict.Denied denied && denied.reason().contains("suspended"));
        assertThat(authority.keyFetches()).isEqualTo(2);
    }

    @Test
    void aKeyTheAuthorityRemovedIsRefusedOnceTheHeldSetGrowsOldAndIsFetchedAgain() {
        OfflineValidator validator = validator();
        assertThat(validator.validate(presented(RmtaFixtures.issue(key)))).isInstanceOf(OfflineVerdict.Accepted.class);
        authority.keys(RmtaFixtures.keySet(RmtaFixtures.newKey(8)));

        clock.advance(MtaConfiguration.DEFAULT_KEYS_MAX_AGE);
        // the session goes on with the set held; the fetch runs in the background
        assertThat(validator.validate(presented(RmtaFixtures.issue(key)))).isInstanceOf(OfflineVerdict.Accepted.class);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> authority.keyFetches() == 2);

        assertThat(validator.validate(presented(RmtaFixtures.issue(key)))).isInstanceOf(OfflineVerdict.Denied.class);
    }

    @Test
    void withoutAnyKeySetIdsGoToTheAuthorityAndTheKeySetIsAskedOncePerInterval() {
        authority.available(false);
        OfflineValidator validator = validator();

        assertThat(validator.validate(presented(RmtaFixtures.issue(key)))).isInstanceOf(OfflineVerdict.Unverifiable.class);
        assertThat(validator.validate(presented(RmtaFixtures.issue(key)))).isInstanceOf(OfflineVerdict.Unverifiable.class);
        assertThat(authority.keyFetches()).isEqualTo(1);

        authority.available(true);
        clock.advance(REFETCH_INTERVAL);
        assertThat(validator.validate(presented(RmtaFixtures.issue(key)))).isInstanceOf(OfflineVerdict.Accepted.class);
        assertThat(authority.keyFetches()).isEqualTo(2);
    }

    @Test
    void anIdIsAcceptedUntilItsExpiryPlusTheSkewAndDeniedAfter() {
        SignedMessageId expiresNow = RmtaFixtures.issue(AUTHORITY, key, SENDER, THIS_DOMAIN, START);
        SignedMessageId expiredWithinSkew = RmtaFixtures.issue(AUTHORITY, key, SENDER, THIS_DOMAIN, START.minus(SKEW).plusSeconds(1));
        SignedMessageId expiredBeyondSkew = RmtaFixtures.issue(AUTHORITY, key, SENDER, THIS_DOMAIN, START.minus(SKEW));
        OfflineValidator validator = validator();

        assertThat(validator.validate(presented(expiresNow))).isInstanceOf(OfflineVerdict.Accepted.class);
        assertThat(validator.validate(presented(expiredWithinSkew))).isInstanceOf(OfflineVerdict.Accepted.class);
        assertThat(validator.validate(presented(expiredBeyondSkew))).isInstanceOf(OfflineVerdict.Denied.class);
    }

    @Test
    void anIdOfARetiredKeyIsDeniedOnceTheKeyIsNoLongerListed() {
        Instant listedUntil = START.plusSeconds(600);
        authority.keys(new KeysResponse(AUTHORITY, List.of(new KeysResponse.PublicKey(key.keyId(), key.publicKey().getEncoded(),
            START.minusSeconds(86_400), Optional.of(listedUntil)))));
        OfflineValidator validator = validator();

        assertThat(validator.validate(presented(RmtaFixtures.issue(key)))).isInstanceOf(OfflineVerdict.Accepted.class);
        clock.advance(Duration.ofSeconds(600).plus(SKEW));
        assertThat(validator.validate(presented(RmtaFixtures.issue(key)))).isInstanceOf(OfflineVerdict.Denied.class);
    }

    @Test
    void anIdForADomainThisServerDoesNotReceiveForIsDenied() {
        SignedMessageId forOther = RmtaFixtures.issue(AUTHORITY, key, SENDER, DomainName.of("c.example"), START.plusSeconds(3600));

        assertThat(validator().validate(presented(forOther))).isInstanceOf(OfflineVerdict.Denied.class);
    }

    @Test
    void anIdForAnyDomainOfThisServerIsAccepted() {
        SignedMessageId forA = RmtaFixtures.issue(AUTHORITY, key, SENDER, DomainName.of("a.example"), START.plusSeconds(3600));

        assertThat(validator().validate(presented(forA))).isInstanceOf(OfflineVerdict.Accepted.class);
    }

    @Test
    void anIdIssuedToAnotherSenderIsDenied() {
        SignedMessageId issuedToOther = RmtaFixtures.issue(AUTHORITY, key, ServerId.of("CCCCCCCCCCCCCCCCCCC3"), THIS_DOMAIN,
            START.plusSeconds(3600));

        assertThat(validator().validate(presented(issuedToOther))).isInstanceOf(OfflineVerdict.Denied.class);
    }

    @Test
    void anIdOfAnotherAuthorityIsDeniedEvenWithAListedKey() {
        SignedMessageId foreign = RmtaFixtures.issue(AuthorityName.of("rogue"), key, SENDER, THIS_DOMAIN, START.plusSeconds(3600));

        assertThat(validator().validate(presented(foreign))).isInstanceOf(OfflineVerdict.Denied.class);
    }

    @Test
    void anIdUnderTheReservedNameIsDeniedNotAnError() {
        SignedMessageId reserved = RmtaFixtures.issue(AuthorityName.of(AuthorityName.UNRECOGNISED), key, SENDER, THIS_DOMAIN,
            START.plusSeconds(3600));

        assertThat(validator().validate(presented(reserved))).isInstanceOf(OfflineVerdict.Denied.class);
    }

    @Test
    void aReplayedIdIsDenied() {
        SignedMessageId id = RmtaFixtures.issue(key);
        OfflineValidator validator = validator();

        assertThat(validator.validate(presented(id))).isInstanceOf(OfflineVerdict.Accepted.class);
        assertThat(validator.validate(presented(id))).isInstanceOf(OfflineVerdict.Denied.class);
        assertThat(metricFactory.countFor(CiersMetrics.REPLAY_HITS)).isEqualTo(1);
    }

    @Test
    void aForgottenIdMayBePresentedAgain() {
        SignedMessageId id = RmtaFixtures.issue(key);
        OfflineValidator validator = validator();
        validator.validate(presented(id));

        validator.forget(id.id());

        assertThat(validator.validate(presented(id))).isInstanceOf(OfflineVerdict.Accepted.class);
    }

    @Test
    void aFullReplayCacheSignalsUnavailableNeverAcceptsUnchecked() {
        OfflineValidator validator = validator(MtaConfiguration.REPLAY_CAPACITY, "2");
        validator.validate(presented(RmtaFixtures.issue(key)));
        validator.validate(presented(RmtaFixtures.issue(key)));
        SignedMessageId third = RmtaFixtures.issue(key);

        assertThat(validator.validate(presented(third))).isInstanceOf(OfflineVerdict.ReplayCacheFull.class);
        assertThat(metricFactory.countFor(CiersMetrics.REPLAY_CACHE_FULL)).isEqualTo(1);

        // the first two expire (an hour, plus the skew): their room is free again, and the third was never remembered
        clock.advance(Duration.ofHours(1).plus(SKEW));
        SignedMessageId later = RmtaFixtures.issue(AUTHORITY, key, SENDER, THIS_DOMAIN, clock.instant().plusSeconds(3600));
        assertThat(validator.validate(presented(later))).isInstanceOf(OfflineVerdict.Accepted.class);
    }

    @Test
    void aDomainListThatCannotBeReadSendsIdsToTheAuthority() {
        domains.failing(true);

        assertThat(validator().validate(presented(RmtaFixtures.issue(key)))).isInstanceOf(OfflineVerdict.Unverifiable.class);
    }

    @Test
    void noneOfTenThousandMutatedIdsIsAccepted() {
        OfflineValidator validator = validator();
        byte[] valid = token(RmtaFixtures.issue(key));
        Random random = new Random(20261202);
        int presented = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] mutated = mutate(valid, random);
            if (Arrays.equals(mutated, valid)) {
                continue;
            }
            MessageId id;
            try {
                id = MessageId.of(AUTHORITY + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mutated));
            } catch (IllegalArgumentException malformed) {
                continue;
            }
            presented++;
            OfflineVerdict verdict = validator.validate(new InitiateSendRequest(SENDER, id));
            assertThat(verdict).as("mutation %d: %s", i, id).isNotInstanceOf(OfflineVerdict.Accepted.class);
        }
        assertThat(presented).isGreaterThan(9_000);
        // mutated key IDs are unknown: one refetch, then none within the interval
        assertThat(authority.keyFetches()).isLessThanOrEqualTo(2);
        // the valid ID itself still passes: no mutation was remembered in its place
        assertThat(validator.validate(presented(encode(valid)))).isInstanceOf(OfflineVerdict.Accepted.class);
    }

    /** One to three byte flips, or a truncation, or an extension, of the token. */
    private static byte[] mutate(byte[] token, Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> {
                byte[] flipped = token.clone();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 + random.nextInt(255));
                }
                yield flipped;
            }
            case 1 -> Arrays.copyOf(token, random.nextInt(token.length));
            default -> {
                byte[] extension = new byte[1 + random.nextInt(12)];
                random.nextBytes(extension);
                byte[] extended = Arrays.copyOf(token, token.length + extension.length);
                System.arraycopy(extension, 0, extended, token.length, extension.length);
                yield extended;
            }
        };
    }

    private static byte[] token(SignedMessageId id) {
        String value = id.id().asString();
        return Base64.getUrlDecoder().decode(value.substring(value.indexOf('.') + 1));
    }

    private static String encode(byte[] token) {
        return AUTHORITY + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }
}
