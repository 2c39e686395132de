package org.ciers.protocol.signed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.TrustValue;
import org.junit.jupiter.api.Test;

class SignedMessageIdTest {
    static final AuthorityName AUTHORITY = AuthorityName.of("ciers");
    static final ServerId SENDER = ServerId.of("AAAAAAAAAAAAAAAAAAA1");
    static final DomainName RECIPIENT = DomainName.of("b.example");
    static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    static final Instant EXPIRY = NOW.plusSeconds(3600);

    static SigningKey key(int keyId, long seed) {
        byte[] secret = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
        new Random(seed).nextBytes(secret);
        return new SigningKey(keyId, new Ed25519PrivateKeyParameters(secret));
    }

    static final SigningKey KEY = key(7, 1);
    static final SigningKey OTHER_KEY = key(7, 2);

    static SignedMessageId issue(AuthorityName authority, long seed) {
        return SignedMessageId.issue(authority, KEY, SENDER, RECIPIENT, EXPIRY, TrustValue.parse("18.75"), new Random(seed));
    }

    /** What a receiving server of b.example accepts: the checks of spec §10 but the replay cache. */
    static boolean accepted(String candidate) {
        MessageId id;
        try {
            id = MessageId.of(candidate);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        Optional<SignedMessageId> signed = SignedMessageId.parse(id);
        return signed.isPresent()
            && id.authority().equals(AUTHORITY)
            && signed.get().keyId() == KEY.keyId()
            && signed.get().verifiedBy(KEY.publicKey())
            && signed.get().isFor(RECIPIENT)
            && signed.get().senderServerId().equals(SENDER.asString())
            && !signed.get().isExpiredAt(NOW);
    }

    @Test
    void aSignedIdNamesWhatItWasIssuedForAndVerifiesWithItsKey() {
        SignedMessageId issued = issue(AUTHORITY, 1);
        SignedMessageId read = SignedMessageId.parse(issued.id()).orElseThrow();

        assertThat(read.id().authority()).isEqualTo(AUTHORITY);
        assertThat(read.keyId()).isEqualTo(7);
        assertThat(read.senderServerId()).isEqualTo(SENDER.asString());
        assertThat(read.expiresAt()).isEqualTo(EXPIRY);
        assertThat(read.trustValue()).contains(TrustValue.parse("18.75"));
        assertThat(read.isFor(RECIPIENT)).isTrue();
        assertThat(read.isFor(DomainName.of("c.example"))).isFalse();
        assertThat(read.isExpiredAt(NOW)).isFalse();
        assertThat(read.isExpiredAt(EXPIRY)).isTrue();
        assertThat(read.verifiedBy(KEY.publicKey())).isTrue();
        assertThat(read.verifiedBy(OTHER_KEY.publicKey())).isFalse();
        assertThat(accepted(issued.id().asString())).isTrue();
    }

    @Test
    void twoIdsForTheSameTransmissionDifferByTheirNonce() {
        assertThat(issue(AUTHORITY, 1).id()).isNotEqualTo(issue(AUTHORITY, 2).id());
    }

    @Test
    void theIdStaysUnder200CharactersWithTheLongestAuthorityName() {
        AuthorityName longest = AuthorityName.of("a".repeat(32));
        assertThat(issue(longest, 1).id().asString()).hasSizeLessThan(200);
    }

    @Test
    void theTokenCannotBeMovedUnderAnotherAuthoritysName() {
        String issued = issue(AUTHORITY, 1).id().asString();
        String moved = "other" + issued.substring(issued.indexOf('.'));
        assertThat(SignedMessageId.parse(MessageId.of(moved)).orElseThrow().verifiedBy(KEY.publicKey())).isFalse();
    }

    @Test
    void unsignedIdsAreNotReadAsSigned() {
        assertThat(SignedMessageId.parse(MessageId.of("ciers.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"))).isEmpty();
    }

    /** Bit flips, character swaps, truncations, extensions, other keys and other domains: none is accepted. */
    @Test
    void tenThousandMutatedIdsAreNeverAccepted() {
        Random random = new Random(14);
        int mutated = 0;
        while (mutated < 10_000) {
            String original = issue(AUTHORITY, random.nextLong()).id().asString();
            String candidate = mutate(original, random);
            if (candidate.equals(original)) {
                continue;
            }
            assertThat(accepted(candidate)).as("mutation %d: %s of %s", mutated, candidate, original).isFalse();
            mutated++;
        }
    }

    /** The authority's check by signing again agrees with a verification, on the IDs it issued and on 10,000 mutations of them. */
    @Test
    void signingAgainAcceptsExactlyWhatVerificationAccepts() {
        Random random = new Random(15);
        int parsed = 0;
        for (int i = 0; i < 10_000; i++) {
            SignedMessageId original = issue(AUTHORITY, random.nextLong());
            assertThat(original.signedWith(KEY)).isTrue();
            assertThat(original.signedWith(OTHER_KEY)).isFalse();
            assertThat(original.signedWith(key(8, 1))).as("the same key under another key ID").isFalse();
            Optional<SignedMessageId> candidate;
            try {
                candidate = SignedMessageId.parse(MessageId.of(mutate(original.id().asString(), random)));
            } catch (IllegalArgumentException malformed) {
                continue;
            }
            if (candidate.isPresent()) {
                parsed++;
                assertThat(candidate.get().signedWith(KEY)).as(candidate.get().id().asString())
                    .isEqualTo(candidate.get().verifiedBy(KEY.publicKey()));
            }
        }
        assertThat(parsed).isGreaterThan(1000);
    }

    static String mutate(String id, Random random) {
        int dot = id.indexOf('.');
        String token = id.substring(dot + 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        switch (random.nextInt(7)) {
            case 0: {
                byte[] bytes = Base64.getUrlDecoder().decode(token);
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                return id.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            }
            case 1: {
                int at = random.nextInt(id.length());
                return id.substring(0, at) + alphabet.charAt(random.nextInt(alphabet.length())) + id.substring(at + 1);
            }
            case 2:
                return id.substring(0, 1 + random.nextInt(id.length() - 1));
            case 3:
                return id + alphabet.charAt(random.nextInt(alphabet.length()));
            case 4:
                return SignedMessageId.issue(AUTHORITY, OTHER_KEY, SENDER, RECIPIENT, EXPIRY, TrustValue.FULL, random).id().asString();
            case 5:
                return SignedMessageId.issue(AUTHORITY, KEY, SENDER, DomainName.of("c.example"), EXPIRY, TrustValue.FULL, random)
                    .id().asString();
            default: {
                int a = dot + 1 + random.nextInt(token.length());
                int b = dot + 1 + random.nextInt(token.length());
                char[] chars = id.toCharArray();
                char swap = chars[a];
                chars[a] = chars[b];
                chars[b] = swap;
                return new String(chars);
            }
        }
    }
}
