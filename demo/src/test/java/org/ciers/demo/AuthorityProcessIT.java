package org.ciers.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileReader;
import java.nio.file.Files;
import java.util.Properties;

import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.TrustValueRequest;
import org.ciers.protocol.message.TrustValueResponse;
import org.ciers.protocol.model.TrustValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo's authority as a real {@code java -jar} James process, driven as an administrator would. */
class AuthorityProcessIT {
    static DemoLayout layout;
    static DemoCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        layout = DemoLayout.fromSystemProperties();
        cluster = DemoCluster.start(layout);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void endpointsNameTheAuthorityAndTheAccreditedDomains() throws Exception {
        Properties endpoints = new Properties();
        try (FileReader reader = new FileReader(layout.endpointsFile().toFile())) {
            endpoints.load(reader);
        }

        assertThat(endpoints.getProperty("authority.url")).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(endpoints.getProperty("authority.webadmin")).isEqualTo(cluster.authority().webAdmin().toString());
        assertThat(endpoints.getProperty("a.domain")).isEqualTo("a.example");
        assertThat(endpoints.getProperty("a.server_id")).hasSize(20).isEqualTo(cluster.a().serverId().asString());
        assertThat(endpoints.getProperty("a.passphrase")).hasSize(20);
        assertThat(endpoints.getProperty("b.server_id")).hasSize(20).isEqualTo(cluster.b().serverId().asString());
    }

    @Test
    void aTransmissionIsAuthorisedValidatedAndLogged() throws Exception {
        AuthToSendResponse granted = cluster.authorityClient()
            .authToSend(new AuthToSendRequest(cluster.a().serverId(), cluster.a().passphrase(), cluster.b().domain())).join();
        assertThat(granted).isInstanceOf(AuthToSendResponse.Granted.class);
        var messageId = ((AuthToSendResponse.Granted) granted).messageId();

        TrustValueResponse validated = cluster.authorityClient()
            .trustValue(new TrustValueRequest(cluster.b().serverId(), cluster.b().passphrase(), cluster.a().serverId(), messageId))
            .join();

        assertThat(validated).isInstanceOf(TrustValueResponse.ValidTransmission.class);
        assertThat(((TrustValueResponse.ValidTransmission) validated).trustValue()).isEqualTo(TrustValue.FULL);
        String log = Files.readString(cluster.authority().log());
        assertThat(log).contains("trust_value matched: message_id " + messageId);
        assertThat(log).doesNotContain(cluster.a().passphrase().reveal()).doesNotContain(cluster.b().passphrase().reveal());
        assertThat(cluster.admin().domain(cluster.a().domain()).get("counters").get("transmissions").asLong()).isPositive();
    }
}
