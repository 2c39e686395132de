package org.ciers.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ciers.demo.CiersExchange.initiateSend;
import static org.ciers.demo.CiersExchange.tlsSession;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.signed.SignedMessageId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The authority's signing key rotated while mail flows (spec §10), with an ID lifetime of
 * {@value #ID_LIFETIME_SECONDS} s so that the switch happens within the test: the new key is listed
 * at once and signs one lifetime later; a.example's deliveries go on through the switch, validated
 * offline by b.example with the old key, then the new one, none refused. The old key, removed once
 * the new one signs, takes every ID it signed with it: b.example refuses one that has not expired.
 */
class KeyRotationIT {
    static final int ID_LIFETIME_SECONDS = 40;
    static final Duration DELIVERY = Duration.ofSeconds(120);
    /** Messages sent once the new key signs, so that some of them carry IDs it signed. */
    static final int AFTER_THE_SWITCH = 10;

    static DemoCluster cluster;
    static MailClient mail;
    static AuthorityClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = DemoCluster.start(DemoLayout.fromSystemProperties(),
            Map.of("authority.transmission.expiry", ID_LIFETIME_SECONDS + "s"),
            // a small pool of IDs usable for at least 5 s; b.example refetches the key set within a second
            Map.of("mta.pool.size", "5", "mta.pool.refillBelow", "2", "mta.pool.minRemaining", "5s",
                "rmta.keys.refetch.interval", "1s", "rmta.keys.max.age", "1s", "rmta.receipts.delay", "1s"));
        mail = cluster.mailClient();
        client = cluster.authorityClient(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void deliveriesGoOnThroughARotationAndAnUnexpiredIdOfTheRemovedKeyIsRefused() throws Exception {
        int oldKey = keyIdOf(newIdForB());
        int newKey = cluster.admin().rotateSigningKey().path("keyId").asInt();
        assertThat(newKey).isNotEqualTo(oldKey);

        // mail flows, one message after the other, until the authority signs with the new key, and a little after
        MessageId lastOfTheOldKey = null;
        int sent = 0;
        int afterTheSwitch = 0;
        Instant deadline = Instant.now().plusSeconds(ID_LIFETIME_SECONDS * 3L);
        while (afterTheSwitch < AFTER_THE_SWITCH) {
            assertThat(Instant.now()).as("the new key signs within three ID lifetimes").isBefore(deadline);
            mail.submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, DemoCluster.BOB, "rotation " + sent, "Message");
            sent++;
            mail.awaitMessages(cluster.b().imapPort(), DemoCluster.BOB, MailServer.PASSWORD, "INBOX", sent, DELIVERY);
            MessageId issued = newIdForB();
            if (keyIdOf(issued) == oldKey) {
                lastOfTheOldKey = issued;
            } else {
                afterTheSwitch++;
            }
        }

        List<List<String>> stamped = mail.headerOfEach(cluster.b().imapPort(), DemoCluster.BOB, MailServer.PASSWORD, "INBOX",
            "X-CIERS-MessageID");
        assertThat(stamped).hasSize(sent).allSatisfy(values -> assertThat(values).hasSize(1));
        Set<Integer> signingKeys = new HashSet<>();
        stamped.forEach(values -> signingKeys.add(keyIdOf(MessageId.of(values.get(0)))));
        assertThat(signingKeys).as("the delivered messages' IDs were signed by both keys").containsExactlyInAnyOrder(oldKey, newKey);
        assertThat(cluster.b().admin().metric("ciers-rmta-denied")).isZero();
        assertThat(cluster.a().admin().queueSize("outgoing")).isZero();

        // the old key, retired and no longer signing, is removed: b.example learns it within its key set's max age
        assertThat(lastOfTheOldKey).isNotNull();
        cluster.admin().removeSigningKey(oldKey);
        double fetchesAtRemoval = cluster.b().admin().metric("ciers-authority-keys_count");
        Awaitility.await().atMost(DELIVERY).until(() -> {
            // an arriving ID is what makes b.example look at its key set's age
            accept(newIdForB());
            return cluster.b().admin().metric("ciers-authority-keys_count") >= fetchesAtRemoval + 2;
        });

        assertThat(SignedMessageId.parse(lastOfTheOldKey).orElseThrow().expiresAt()).as("not refused for its age").isAfter(Instant.now());
        try (SmtpSession smtp = tlsSession(cluster.b().smtpPort())) {
            assertThat(smtp.command("CIERS")).startsWith("220");
            assertThat(smtp.command(initiateSend(cluster.aAccreditation(), lastOfTheOldKey))).startsWith("550");
        }
    }

    private static void accept(MessageId id) throws Exception {
        try (SmtpSession smtp = tlsSession(cluster.b().smtpPort())) {
            assertThat(smtp.command("CIERS")).startsWith("220");
            assertThat(smtp.command(initiateSend(cluster.aAccreditation(), id))).startsWith("250");
        }
    }

    private static MessageId newIdForB() throws Exception {
        AuthorityAdmin.Accredited a = cluster.aAccreditation();
        return ((AuthToSendResponse.Granted) client.authToSend(new AuthToSendRequest(a.serverId(), a.passphrase(),
            cluster.bAccreditation().domain()))).messageId();
    }

    private static int keyIdOf(MessageId id) {
        return SignedMessageId.parse(id).orElseThrow().keyId();
    }

}
