package org.ciers.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.model.MessageId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An organization suspended by the operator while its server holds signed message IDs: the
 * authority refuses its server, b.example learns the suspension from the key set within a second
 * ({@code rmta.keys.max.age}) and refuses the IDs issued before it, and the mail a.example sends
 * afterwards is not stamped with CIERS.
 */
class SuspensionIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String SUSPENDED = "its sender's organization is suspended";

    static DemoCluster cluster;
    static AuthorityClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = DemoCluster.start(DemoLayout.fromSystemProperties(),
            Map.of("rmta.keys.refetch.interval", "1s", "rmta.keys.max.age", "1s"));
        client = cluster.authorityClient(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aSuspendedSendersServerIsRefusedAndItsIdsNoLongerValidateAnywhere() throws Exception {
        AuthorityAdmin.Accredited a = cluster.aAccreditation();
        // a.example's first mail to b.example fills its pool of IDs for b.example, stamped on arrival
        cluster.mailClient().submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, DemoCluster.BOB, "before suspension",
            "Sent before the suspension.");
        Awaitility.await().atMost(WAIT).ignoreExceptions().until(() -> cluster.mailClient().read(cluster.b().imapPort(), DemoCluster.BOB,
            MailServer.PASSWORD, "INBOX", "before suspension").stream().anyMatch(message -> !MailClient.header(message, "X-CIERS-ServerID").isEmpty()));

        AuthToSendRequest ask = new AuthToSendRequest(a.serverId(), a.passphrase(), cluster.bAccreditation().domain(), 20);
        List<MessageId> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.addAll(((AuthToSendResponse.Granted) client.authToSend(ask)).messageIds());
        }
        // before: an ID a.example holds is accepted
        assertThat(present(a, held.get(0))).startsWith("250");

        cluster.admin().suspend(cluster.admin().domain(a.domain()).path("organizationId").asText());

        assertThat(client.authToSend(ask)).isInstanceOf(AuthToSendResponse.NotAuthorized.class);
        // b.example refuses the rest once the key set lists the server (the authority rereads the
        // suspended list every 10 s) and b.example has fetched it again (within a second)
        int[] next = {1};
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
            .until(() -> present(a, held.get(next[0]++)).startsWith("550"));
        assertThat(Files.readString(cluster.b().james().log())).contains(SUSPENDED);

        // alice's next mail: a.example's pooled IDs are refused, and nothing reaches bob stamped
        long refusedBefore = refusals();
        cluster.mailClient().submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, DemoCluster.BOB, "after suspension",
            "Sent by a suspended organization.");
        Awaitility.await().atMost(WAIT).until(() -> refusals() > refusedBefore);
        assertThat(cluster.mailClient().read(cluster.b().imapPort(), DemoCluster.BOB, MailServer.PASSWORD, "INBOX", "after suspension"))
            .allSatisfy(message -> assertThat(MailClient.header(message, "X-CIERS-ServerID")).isEmpty());
    }

    static String present(AuthorityAdmin.Accredited sender, MessageId messageId) throws Exception {
        try (SmtpSession smtp = CiersExchange.tlsSession(cluster.b().smtpPort())) {
            assertThat(smtp.command("CIERS")).startsWith("220");
            return smtp.command(CiersExchange.initiateSend(sender, messageId));
        }
    }

    /** How many IDs b.example refused for the suspension so far. */
    static long refusals() throws Exception {
        return Files.readString(cluster.b().james().log()).lines().filter(line -> line.contains(SUSPENDED)).count();
    }
}
