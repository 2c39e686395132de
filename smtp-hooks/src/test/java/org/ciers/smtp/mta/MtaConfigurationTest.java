package org.ciers.smtp.mta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.ciers.protocol.client.MessageIdPool;
import org.ciers.protocol.settings.CiersProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code mta.pool.*} and {@code mta.authority.url} keys of ciers.properties: defaults, a small pool, and errors that name the key. */
class MtaConfigurationTest {
    private static MessageIdPool.Settings pool(Map<String, String> keys) {
        Map<String, String> properties = new HashMap<>(Map.of(
            MtaConfiguration.AUTHORITY_URL, "http://127.0.0.1:8000",
            MtaConfiguration.SERVER_ID, "AAAAAAAAAAAAAAAAAAA1",
            MtaConfiguration.PASSPHRASE, "p4ssphr4sep4ssphr4se"));
        properties.putAll(keys);
        return MtaConfiguration.from(new CiersProperties(properties::get)).messageIdPool();
    }

    @Test
    void withoutPoolKeysThePoolHasItsDefaults() {
        assertThat(pool(Map.of())).isEqualTo(new MessageIdPool.Settings(MtaConfiguration.DEFAULT_POOL_SIZE,
            MtaConfiguration.DEFAULT_POOL_REFILL_BELOW, MtaConfiguration.DEFAULT_POOL_MIN_REMAINING));
        assertThat(MtaConfiguration.DEFAULT_POOL_SIZE).isEqualTo(20);
        assertThat(MtaConfiguration.DEFAULT_POOL_REFILL_BELOW).isEqualTo(5);
        assertThat(MtaConfiguration.DEFAULT_POOL_MIN_REMAINING).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void thePoolKeysAreRead() {
        assertThat(pool(Map.of(MtaConfiguration.POOL_SIZE, "50", MtaConfiguration.POOL_REFILL_BELOW, "10",
            MtaConfiguration.POOL_MIN_REMAINING, "90s"))).isEqualTo(new MessageIdPool.Settings(50, 10, Duration.ofSeconds(90)));
        assertThat(pool(Map.of(MtaConfiguration.POOL_MIN_REMAINING, "2m")).minRemaining()).isEqualTo(Duration.ofMinutes(2));
    }

    @ParameterizedTest
    @CsvSource({"1, 0", "3, 2", "6, 5", "100, 5"})
    void aPoolSmallerThanTheDefaultThresholdIsRefilledWhenItRunsLow(int size, int refillBelow) {
        assertThat(pool(Map.of(MtaConfiguration.POOL_SIZE, Integer.toString(size))).refillBelow()).isEqualTo(refillBelow);
    }

    @ParameterizedTest
    @CsvSource({"mta.pool.size, 0", "mta.pool.size, 10001", "mta.pool.size, twenty", "mta.pool.refillBelow, -1",
        "mta.pool.refillBelow, 20", "mta.pool.minRemaining, soon", "mta.pool.minRemaining, -5s"})
    void aBadValueIsRefusedNamingItsKey(String key, String value) {
        assertThatThrownBy(() -> pool(Map.of(key, value)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(key);
    }

    @Test
    void aThresholdNotBelowTheSizeSaysWhy() {
        assertThatThrownBy(() -> pool(Map.of(MtaConfiguration.POOL_SIZE, "1", MtaConfiguration.POOL_REFILL_BELOW, "1")))
            .hasMessageContaining(MtaConfiguration.POOL_REFILL_BELOW)
            .hasMessageContaining("below " + MtaConfiguration.POOL_SIZE + " 1");
    }

    @Test
    void anAuthorityInTheClearIsRefusedUnlessOnLoopbackNamingTheKey() {
        assertThatThrownBy(() -> pool(Map.of(MtaConfiguration.AUTHORITY_URL, "http://authority.example:8000")))
            .hasMessageStartingWith(MtaConfiguration.AUTHORITY_URL + ":")
            .hasMessageContaining("https");
        assertThat(pool(Map.of(MtaConfiguration.AUTHORITY_URL, "https://authority.example:8000"))).isNotNull();
    }
}
