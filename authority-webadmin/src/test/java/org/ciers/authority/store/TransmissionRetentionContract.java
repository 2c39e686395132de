package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.ciers.authority.model.Transmission;
import org.junit.jupiter.api.Test;

/**
 * Every twin keeps an online validation for the retention after it was recorded, and then forgets
 * it, listing entry included (Cassandra: a TTL on every write; memory: its clock).
 */
public interface TransmissionRetentionContract extends Fixtures {
    /** Short, since a real Cassandra node must be waited for; long, next to its TTLs' whole seconds. */
    Duration RETENTION = Duration.ofSeconds(5);

    /** An empty store of the twin, keeping transmissions for {@link #RETENTION}. */
    TransmissionStore transmissionStore();

    /** Lets at least {@code duration} pass for the store. */
    void letTimePass(Duration duration);

    @Test
    default void aValidationIsKeptDuringTheRetention() {
        Transmission transmission = TransmissionStoreContract.validated(Fixtures.transmission(1, A, B), 1);
        transmissionStore().recordValidation(transmission).block();

        letTimePass(RETENTION.dividedBy(5));
        assertThat(transmissionStore().get(transmission.messageId()).block()).isEqualTo(transmission);
        assertThat(transmissionStore().listBySender(A).collectList().block()).containsExactly(transmission);
        assertThat(transmissionStore().recordValidation(TransmissionStoreContract.validated(Fixtures.transmission(1, A, B), 2)).block())
            .isFalse();
    }

    @Test
    default void aValidationIsForgottenOnceTheRetentionHasPassed() {
        Transmission validated = TransmissionStoreContract.validated(Fixtures.transmission(1, A, B), 1);
        transmissionStore().recordValidation(validated).block();

        letTimePass(RETENTION);
        // a store may forget a moment after the retention (Cassandra counts a TTL in whole seconds by its own clock)
        Awaitility.await().atMost(RETENTION).untilAsserted(() -> {
            assertThat(transmissionStore().get(validated.messageId()).blockOptional()).isEmpty();
            assertThat(transmissionStore().listBySender(A).collectList().block()).isEmpty();
        });
    }
}
