package org.ciers.authority.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.awaitility.Awaitility;
import org.ciers.authority.model.Transmission;
import org.ciers.authority.store.Fixtures;
import org.ciers.authority.store.TransmissionStore;
import org.ciers.authority.store.TransmissionStoreContract;
import org.ciers.cassandra.CassandraNode;
import org.ciers.cassandra.CassandraNodeExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.datastax.oss.driver.api.core.CqlSession;

/** Online validations leave Cassandra by themselves when the retention (a TTL) has passed. */
@ExtendWith(CassandraNodeExtension.class)
class TransmissionRetentionTest {
    static final Duration RETENTION = Duration.ofSeconds(2);

    @Test
    void aValidationAndItsListingEntryExpireAfterTheRetention(CassandraNode node) {
        CassandraSettings settings = new CassandraSettings(List.of(node.contactPoint()), CassandraSettings.DEFAULT_LOCAL_DATACENTER,
            "retention", 1, Optional.empty(), Optional.empty(), RETENTION);
        try (CqlSession session = CassandraStoresFactory.connect(settings)) {
            TransmissionStore transmissions = CassandraStoresFactory.stores(session, settings.transmissionRetention()).transmissions();
            Transmission transmission = TransmissionStoreContract.validated(Fixtures.transmission(1, Fixtures.A, Fixtures.B), 1);
            transmissions.recordValidation(transmission).block();
            assertThat(transmissions.get(transmission.messageId()).blockOptional()).isPresent();

            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(transmissions.get(transmission.messageId()).blockOptional()).isEmpty();
                assertThat(transmissions.listBySender(Fixtures.A).collectList().block()).isEmpty();
            });
        }
    }
}
