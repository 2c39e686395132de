package org.ciers.authority.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.security.AtRestCipher;
import org.ciers.authority.security.SecretGenerator;
import org.ciers.authority.store.memory.MemorySigningKeyStore;
import org.ciers.protocol.settings.CiersProperties;
import org.junit.jupiter.api.Test;

class SigningKeyCustodyTest {
    /** A clock that moves a millisecond at every reading, as a real one does between two statements. */
    static final class Ticking extends Clock {
        private final AtomicLong millis = new AtomicLong(Instant.parse("2026-12-02T10:00:00Z").toEpochMilli());

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.getAndIncrement());
        }
    }

    final AtRestCipher cipher = new AtRestCipher(AuthorityConfiguration.from(new CiersProperties(key -> null)), new SecretGenerator());

    @Test
    void aFirstStartMakesAKeyThatSignsAtOnceOnAMovingClock() {
        MemorySigningKeyStore store = new MemorySigningKeyStore();

        SigningKeyCustody custody = new SigningKeyCustody(store, cipher, new Ticking());

        assertThat(store.list().collectList().block()).hasSize(1);
        assertThat(custody.current().keyId()).isEqualTo(store.list().blockFirst().keyId());
        assertThat(custody.listed()).hasSize(1);
    }

    @Test
    void aSecondNodeUsesTheKeyTheFirstMade() {
        MemorySigningKeyStore store = new MemorySigningKeyStore();
        SigningKeyCustody first = new SigningKeyCustody(store, cipher, new Ticking());

        SigningKeyCustody second = new SigningKeyCustody(store, cipher, new Ticking());

        assertThat(second.current().keyId()).isEqualTo(first.current().keyId());
        assertThat(second.current().publicKey().getEncoded()).isEqualTo(first.current().publicKey().getEncoded());
    }
}
