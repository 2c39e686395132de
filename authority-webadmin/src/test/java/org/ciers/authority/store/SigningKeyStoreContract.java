package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Optional;

import org.ciers.authority.model.StoredSigningKey;
import org.junit.jupiter.api.Test;

public interface SigningKeyStoreContract extends Fixtures {
    SigningKeyStore signingKeyStore();

    static StoredSigningKey key(int keyId, byte fill) {
        byte[] sealed = new byte[60];
        byte[] publicKey = new byte[32];
        Arrays.fill(sealed, fill);
        Arrays.fill(publicKey, (byte) (fill + 1));
        return new StoredSigningKey(keyId, sealed, publicKey, NOW.plusSeconds(keyId), Optional.empty());
    }

    @Test
    default void keysAreListedInKeyIdOrder() {
        signingKeyStore().add(key(7, (byte) 1)).block();
        signingKeyStore().add(key(3, (byte) 2)).block();

        assertThat(signingKeyStore().list().collectList().block()).containsExactly(key(3, (byte) 2), key(7, (byte) 1));
    }

    @Test
    default void aKeyIdIsTakenOnce() {
        assertThat(signingKeyStore().add(key(7, (byte) 1)).block()).isTrue();
        assertThat(signingKeyStore().add(key(7, (byte) 9)).block()).isFalse();

        assertThat(signingKeyStore().list().collectList().block()).containsExactly(key(7, (byte) 1));
    }

    @Test
    default void aRetiredKeyKeepsItsMaterialAndGainsItsListingEnd() {
        signingKeyStore().add(key(7, (byte) 1)).block();
        signingKeyStore().retire(7, NOW.plusSeconds(3600)).block();
        signingKeyStore().retire(8, NOW.plusSeconds(3600)).block();

        assertThat(signingKeyStore().list().collectList().block()).containsExactly(key(7, (byte) 1).retired(NOW.plusSeconds(3600)));
    }

    @Test
    default void aRemovedKeyIsGone() {
        signingKeyStore().add(key(7, (byte) 1)).block();
        signingKeyStore().add(key(8, (byte) 2)).block();
        signingKeyStore().remove(7).block();

        assertThat(signingKeyStore().list().collectList().block()).containsExactly(key(8, (byte) 2));
    }
}
