package org.ciers.authority.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.ciers.protocol.settings.CiersProperties;
import org.junit.jupiter.api.Test;

class OpenSearchSettingsTest {
    static OpenSearchSettings settings(Map<String, String> values) {
        return OpenSearchSettings.from(new CiersProperties(values::get));
    }

    @Test
    void credentialsInAHostAreRefusedSoThatTheyAreNeverLogged() {
        assertThatThrownBy(() -> settings(Map.of(OpenSearchSettings.HOSTS, "https://ciers:secret@opensearch.example:9200")))
            .hasMessageContaining(OpenSearchSettings.HOSTS).hasMessageNotContaining("secret");
    }

    @Test
    void thePasswordIsNeverShown() {
        OpenSearchSettings settings = settings(Map.of(OpenSearchSettings.HOSTS, "https://opensearch.example:9200",
            OpenSearchSettings.USERNAME, "ciers", OpenSearchSettings.PASSWORD, "secret"));

        assertThat(settings.toString()).contains("ciers").doesNotContain("secret");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> settings(Map.of())).hasMessageContaining(OpenSearchSettings.HOSTS);
        assertThatThrownBy(() -> settings(Map.of(OpenSearchSettings.HOSTS, "ftp://opensearch.example")))
            .hasMessageContaining(OpenSearchSettings.HOSTS);
        assertThatThrownBy(() -> settings(Map.of(OpenSearchSettings.HOSTS, "http://opensearch.example", OpenSearchSettings.USERNAME, "ciers")))
            .hasMessageContaining(OpenSearchSettings.PASSWORD);
        assertThatThrownBy(() -> settings(Map.of(OpenSearchSettings.HOSTS, "http://opensearch.example", OpenSearchSettings.INDEX_PREFIX, "Bad/")))
            .hasMessageContaining(OpenSearchSettings.INDEX_PREFIX);
    }
}
