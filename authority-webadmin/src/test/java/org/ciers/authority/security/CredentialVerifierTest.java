package org.ciers.authority.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;
import org.junit.jupiter.api.Test;

class CredentialVerifierTest {
    static final ServerId SERVER = ServerId.of("AAAAAAAAAAAAAAAAAAA1");
    static final Passphrase GOOD = Passphrase.of("abcDEF0123456789wxyz");
    static final Passphrase BAD = Passphrase.of("abcDEF0123456789wxyZ");

    /** Counts the KDF runs, so the test can tell a cache hit from a full verification. */
    static class CountingHasher extends PassphraseHasher {
        int verifications;

        CountingHasher() {
            super(10_000, new SecretGenerator());
        }

        @Override
        public boolean matches(String secret, String stored) {
            verifications++;
            return super.matches(secret, stored);
        }
    }

    @Test
    void hashesAreSaltedAndNeverTheSecret() {
        PassphraseHasher hasher = new PassphraseHasher(10_000, new SecretGenerator());
        String first = hasher.hash(GOOD.reveal());
        String second = hasher.hash(GOOD.reveal());

        assertThat(first).isNotEqualTo(second).doesNotContain(GOOD.reveal()).startsWith("pbkdf2-sha256$10000$");
        assertThat(hasher.matches(GOOD.reveal(), first)).isTrue();
        assertThat(hasher.matches(BAD.reveal(), first)).isFalse();
        assertThat(hasher.matches(GOOD.reveal(), "garbage")).isFalse();
    }

    @Test
    void aVerifiedServerCostsNoFurtherKdf() {
        CountingHasher hasher = new CountingHasher();
        String stored = hasher.hash(GOOD.reveal());
        CredentialVerifier verifier = new CredentialVerifier(hasher, new SecretGenerator(), 100);
        int kdfRunsAtStart = hasher.verifications;

        for (int i = 0; i < 100; i++) {
            assertThat(verifier.verify(SERVER, GOOD, stored)).isTrue();
        }
        assertThat(hasher.verifications - kdfRunsAtStart).isEqualTo(1);
    }

    @Test
    void aWrongPassphraseIsCheckedInFullAndRefused() {
        CountingHasher hasher = new CountingHasher();
        String stored = hasher.hash(GOOD.reveal());
        CredentialVerifier verifier = new CredentialVerifier(hasher, new SecretGenerator(), 100);
        verifier.verify(SERVER, GOOD, stored);
        int before = hasher.verifications;

        assertThat(verifier.verify(SERVER, BAD, stored)).isFalse();
        assertThat(hasher.verifications - before).isEqualTo(1);
    }

    @Test
    void aChangedStoredHashIsVerifiedAgain() {
        CountingHasher hasher = new CountingHasher();
        CredentialVerifier verifier = new CredentialVerifier(hasher, new SecretGenerator(), 100);
        String old = hasher.hash(GOOD.reveal());
        verifier.verify(SERVER, GOOD, old);

        String rotated = hasher.hash(BAD.reveal());
        assertThat(verifier.verify(SERVER, GOOD, rotated)).isFalse();
        assertThat(verifier.verify(SERVER, BAD, rotated)).isTrue();
    }
}
