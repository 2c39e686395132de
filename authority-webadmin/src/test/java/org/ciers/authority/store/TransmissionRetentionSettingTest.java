package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.ciers.authority.AuthorityConfiguration;
import org.ciers.protocol.settings.CiersProperties;
import org.junit.jupiter.api.Test;

class TransmissionRetentionSettingTest {
    static CiersProperties settings(Map<String, String> values) {
        return new CiersProperties(values::get);
    }

    @Test
    void theRetentionIsReadFromItsKeyWithThirtyDaysByDefault() {
        assertThat(TransmissionRetention.from(settings(Map.of()))).isEqualTo(Duration.ofDays(30));
        assertThat(TransmissionRetention.from(settings(Map.of("authority.transmission.retention", "2d")))).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void theKeysFormerNameIsRefusedByNameRatherThanIgnored() {
        assertThatThrownBy(() -> TransmissionRetention.from(settings(Map.of("cassandra.transmission.retention", "2d"))))
            .hasMessageContaining("cassandra.transmission.retention is now authority.transmission.retention");
    }

    @Test
    void aRetentionCassandraCannotWriteAsATtlIsRefused() {
        assertThatThrownBy(() -> TransmissionRetention.from(settings(Map.of("authority.transmission.retention", "7400d"))))
            .hasMessageContaining("authority.transmission.retention");
        assertThatThrownBy(() -> TransmissionRetention.from(settings(Map.of("authority.transmission.retention", "0s"))))
            .hasMessageContaining("authority.transmission.retention");
    }

    @Test
    void aRetentionShorterThanTheIdsLifetimeIsRefusedNamingBothKeys() {
        // an ID still valid after its validation or receipt was forgotten could be counted again
        assertThatThrownBy(() -> AuthorityConfiguration.from(settings(Map.of("authority.transmission.retention", "30m"))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("authority.transmission.retention").hasMessageContaining("authority.transmission.expiry");
        assertThat(AuthorityConfiguration.from(settings(Map.of("authority.transmission.retention", "1h"))).transmissionRetention())
            .isEqualTo(Duration.ofHours(1));
    }
}
