package org.ciers.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileReader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.ciers.protocol.model.DomainName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three servers exactly as {@code ./ciers demo} starts them (authority, a.example, b.example,
 * each a real James process), mail submitted to a.example over SMTP with STARTTLS and AUTH,
 * delivered by a.example's RemoteDelivery with CIERS, read from b.example over IMAP.
 */
class DemoClusterIT {
    static final Duration AUTHORITY_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DELIVERY = Duration.ofSeconds(60);

    static DemoLayout layout;
    static DemoCluster cluster;
    static MailClient mail;

    @BeforeAll
    static void start() throws Exception {
        layout = DemoLayout.fromSystemProperties();
        // a.example tries queued mail every 5 s (the sample's second try is 100 s later): a try that still
        // meets the hung authority must not push the mail past the test's wait
        cluster = DemoCluster.start(layout, Map.of(), Map.of("mta.authority.timeout", AUTHORITY_TIMEOUT.toMillis() + "ms"),
            Map.of("delayTime", "12 * 5000", "maxRetries", "12"));
        mail = cluster.mailClient();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    static String newRecipient(String name) throws Exception {
        String address = name + "@" + DemoCluster.B_DOMAIN;
        cluster.b().admin().addUser(address, MailServer.PASSWORD);
        return address;
    }

    @Test
    void endpointsNameEveryServer() throws Exception {
        Properties endpoints = new Properties();
        try (FileReader reader = new FileReader(layout.endpointsFile().toFile())) {
            endpoints.load(reader);
        }

        // over HTTPS, as the samples: the passphrases of both mail servers go there
        assertThat(endpoints.getProperty("authority.url")).matches("https://127\\.0\\.0\\.1:\\d+");
        assertThat(endpoints.getProperty("authority.webadmin")).isEqualTo(cluster.authority().webAdmin().toString());
        assertThat(endpoints.getProperty("a.domain")).isEqualTo("a.example");
        assertThat(endpoints.getProperty("a.smtp")).isEqualTo("127.0.0.1:" + cluster.a().smtpPort());
        assertThat(endpoints.getProperty("a.webadmin")).isEqualTo(cluster.a().james().webAdmin().toString());
        assertThat(endpoints.getProperty("a.server_id")).hasSize(20).isEqualTo(cluster.aAccreditation().serverId().asString());
        assertThat(endpoints.getProperty("a.passphrase")).hasSize(20);
        assertThat(endpoints.getProperty("b.domain")).isEqualTo("b.example");
        assertThat(endpoints.getProperty("b.smtp")).isEqualTo("127.0.0.1:" + cluster.b().smtpPort());
        assertThat(endpoints.getProperty("b.imap")).isEqualTo("127.0.0.1:" + cluster.b().imapPort());
        assertThat(endpoints.getProperty("b.webadmin")).isEqualTo(cluster.b().james().webAdmin().toString());
        assertThat(endpoints.getProperty("b.server_id")).hasSize(20).isEqualTo(cluster.bAccreditation().serverId().asString());
        assertThat(endpoints.getProperty("b.passphrase")).hasSize(20);
    }

    @Test
    void aliceToBobArrivesStampedWithTheAuthoritysTrustAndTheMatchIsLogged() throws Exception {
        mail.submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, DemoCluster.BOB, "hello", "Hello Bob.");

        String delivered = mail.awaitMessages(cluster.b().imapPort(), DemoCluster.BOB, MailServer.PASSWORD, "INBOX", 1, DELIVERY).get(0);
        assertThat(MailClient.header(delivered, "X-CIERS-ServerID")).containsExactly(cluster.aAccreditation().serverId().asString());
        assertThat(MailClient.header(delivered, "X-CIERS-TrustValue")).containsExactly("20");
        List<String> messageId = MailClient.header(delivered, "X-CIERS-MessageID");
        assertThat(messageId).hasSize(1);
        // b.example checked the signed ID itself (spec §10); its receipt reaches the authority afterwards and counts
        Awaitility.await().atMost(DELIVERY).until(() -> Files.readString(cluster.authority().log()).contains("validation_receipts from b.example"));
        assertThat(Files.readString(cluster.b().james().log())).contains("CIERS: accepted message_id " + messageId.get(0));
        assertThat(cluster.admin().domain(DomainName.of(DemoCluster.A_DOMAIN)).path("trustValue").decimalValue())
            .isEqualByComparingTo("20");
        assertThat(Files.readString(cluster.a().james().log())).contains("CIERS: 127.0.0.1 accepted message_id " + messageId.get(0));
    }

    /** a.example's default pool holds 20 message IDs. */
    static final int MORE_THAN_THE_POOL = 30;

    /** The names documented in docs/rmta.md and docs/smta.md. */
    static final String AUTHORITY_HEALTH_CHECK = "CIERS authority";

    @Test
    void ciersPathsShowInJamesMetricsAndTheAuthorityInTheHealthChecks() throws Exception {
        String recipient = newRecipient("metrics");
        mail.submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, recipient, "measured", "Counted.");
        mail.awaitMessages(cluster.b().imapPort(), recipient, MailServer.PASSWORD, "INBOX", 1, DELIVERY);

        MailServerAdmin a = cluster.a().admin();
        MailServerAdmin b = cluster.b().admin();
        assertThat(a.metric("ciers-smta-with-ciers")).isGreaterThanOrEqualTo(1);
        assertThat(a.metric("ciers-authority-auth_to_send_count")).isGreaterThanOrEqualTo(1);
        assertThat(b.metric("ciers-rmta-accepted")).isGreaterThanOrEqualTo(1);
        assertThat(b.metric("ciers-rmta-offline-accepted")).isGreaterThanOrEqualTo(1);
        assertThat(b.metric("ciers-authority-keys_count")).isGreaterThanOrEqualTo(1);
        Awaitility.await().atMost(DELIVERY).until(() -> b.metric("ciers-rmta-receipts-counted") >= 1);
        assertThat(b.health(AUTHORITY_HEALTH_CHECK)).isEqualTo("healthy");
        assertThat(a.health(AUTHORITY_HEALTH_CHECK)).isEqualTo("healthy");
    }

    @Test
    void moreMessagesThanThePoolHoldsSentWhileTheAuthorityHangsAllArriveOnceWithCiersAfterItComesBack() throws Exception {
        String recipient = newRecipient("queued");
        cluster.authority().pause();
        try {
            // more than a.example's pool of message IDs (20): the first go with pooled IDs, the rest wait for the authority
            for (int i = 1; i <= MORE_THAN_THE_POOL; i++) {
                mail.submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, recipient, "queued " + i, "Message " + i);
            }
            Awaitility.await().atMost(DELIVERY).until(() -> Files.readString(cluster.a().james().log())
                .contains("stays queued for a later try"));
            assertThat(cluster.a().admin().metric("ciers-smta-unavailable")).isGreaterThanOrEqualTo(1);
            assertThat(cluster.b().admin().health(AUTHORITY_HEALTH_CHECK)).isEqualTo("unhealthy");
        } finally {
            cluster.authority().resume();
        }

        List<String> inbox = mail.awaitMessages(cluster.b().imapPort(), recipient, MailServer.PASSWORD, "INBOX", MORE_THAN_THE_POOL, DELIVERY);
        Awaitility.await().atMost(DELIVERY).until(() -> cluster.a().admin().queueSize("outgoing") == 0);
        inbox = mail.read(cluster.b().imapPort(), recipient, MailServer.PASSWORD, "INBOX");
        assertThat(inbox).hasSize(MORE_THAN_THE_POOL);
        assertThat(inbox.stream().map(message -> MailClient.header(message, "Subject").get(0)))
            .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, MORE_THAN_THE_POOL).mapToObj(i -> "queued " + i).toList());
        assertThat(inbox).allSatisfy(message -> {
            assertThat(MailClient.header(message, "X-CIERS-ServerID")).containsExactly(cluster.aAccreditation().serverId().asString());
            assertThat(MailClient.header(message, "X-CIERS-MessageID")).hasSize(1);
        });
    }
}
