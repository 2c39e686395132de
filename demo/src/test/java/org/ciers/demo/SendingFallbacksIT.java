package org.ciers.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.awaitility.Awaitility;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sending side's fallbacks (spec §3 steps 2 and 4) with real James processes: a recipient
 * domain the authority does not know, recipients without STARTTLS (plain or bounce, as
 * configured), and a recipient whose certificate no trusted CA signed. There is no DNS on
 * loopback, so each sending server relays to one recipient server.
 */
class SendingFallbacksIT {
    static final Duration DELIVERY = Duration.ofSeconds(60);

    static JamesProcess authority;
    static final List<AutoCloseable> SERVERS = new ArrayList<>();
    static MailServer unregistered;
    static MailServer toUnregistered;
    static MailServer withoutTls;
    static MailServer plainWithoutTls;
    static MailServer bounceWithoutTls;
    static MailServer foreignCertificate;
    static MailServer toForeignCertificate;

    static MailClient mail;
    static MailClient fredsMail;

    @BeforeAll
    static void start() throws Exception {
        DemoLayout layout = DemoLayout.fromSystemProperties();
        DemoCertificates ca = DemoCertificates.createAuthority("test CA");
        DemoCertificates otherCa = DemoCertificates.createAuthority("a CA nobody trusts");
        // fred reads his mail trusting his own server's CA, as his mail program does
        fredsMail = new MailClient(otherCa.clientContext());
        mail = new MailClient(ca.clientContext());
        authority = JamesProcess.startAuthority("authority", layout, Map.of());
        SERVERS.add(authority);
        AuthorityAdmin admin = new AuthorityAdmin(authority.webAdmin());
        String organization = admin.registerOrganization("Example", "postmaster@example.com");

        int unregisteredPort = FreePorts.next();
        int withoutTlsPort = FreePorts.next();
        int foreignPort = FreePorts.next();

        List<Callable<MailServer>> starting = List.of(
            MailServer.builder(layout, ca, "unregistered.example")
                // credentials the authority never issued: this domain takes no part in CIERS
                .authority(authority.webAdmin(), ServerId.of("NOTISSUEDBYAUTHORITY"), Passphrase.of("NOTISSUEDBYAUTHORITY"))
                .user("ursula").smtpPort(unregisteredPort)::start,
            accredited(layout, ca, admin, organization, "s1.example").relayTo(unregisteredPort)::start,
            accredited(layout, ca, admin, organization, "notls.example").withoutStartTls()
                .user("nina").smtpPort(withoutTlsPort)::start,
            accredited(layout, ca, admin, organization, "s2.example").relayTo(withoutTlsPort)::start,
            accredited(layout, ca, admin, organization, "s3.example").relayTo(withoutTlsPort)
                .deliveryParameter("ciersWithoutTls", "bounce")::start,
            accredited(layout, otherCa, admin, organization, "foreign.example").user("fred").smtpPort(foreignPort)::start,
            accredited(layout, ca, admin, organization, "s4.example").relayTo(foreignPort)::start);
        List<MailServer> servers = ParallelStart.start(starting);
        SERVERS.addAll(servers);
        unregistered = servers.get(0);
        toUnregistered = servers.get(1);
        withoutTls = servers.get(2);
        plainWithoutTls = servers.get(3);
        bounceWithoutTls = servers.get(4);
        foreignCertificate = servers.get(5);
        toForeignCertificate = servers.get(6);
    }

    static MailServer.Builder accredited(DemoLayout layout, DemoCertificates ca, AuthorityAdmin admin, String organization, String domain)
        throws Exception {
        AuthorityAdmin.Accredited accredited = admin.accredit(organization, domain, List.of("mx." + domain));
        return MailServer.builder(layout, ca, domain).authority(authority.webAdmin(), accredited.serverId(), accredited.passphrase())
            .user("alice");
    }

    @AfterAll
    static void stop() throws Exception {
        ParallelStart.closeAll(SERVERS);
    }

    static String log(MailServer server) throws Exception {
        return Files.readString(server.james().log());
    }

    @Test
    void mailToADomainTheAuthorityDoesNotKnowGoesByPlainSmtpWithoutHeaders() throws Exception {
        mail.submit(toUnregistered.smtpPort(), "alice@s1.example", MailServer.PASSWORD, "ursula@unregistered.example", "plain", "Hi.");

        String delivered = mail.awaitMessages(unregistered.imapPort(), "ursula@unregistered.example", MailServer.PASSWORD, "INBOX", 1,
            DELIVERY).get(0);
        assertThat(delivered.toUpperCase()).doesNotContain("X-CIERS-");
        assertThat(log(toUnregistered)).contains("CIERS: unregistered.example is not registered with the authority; plain SMTP");
    }

    @Test
    void aRecipientWithoutStartTlsGetsPlainMailWhenConfiguredSo() throws Exception {
        mail.submit(plainWithoutTls.smtpPort(), "alice@s2.example", MailServer.PASSWORD, "nina@notls.example", "from s2", "Hi.");

        List<String> inbox = mail.awaitMessages(withoutTls.imapPort(), "nina@notls.example", MailServer.PASSWORD, "INBOX", 1, DELIVERY);
        assertThat(inbox).anySatisfy(message -> {
            assertThat(MailClient.header(message, "Subject")).containsExactly("from s2");
            assertThat(message.toUpperCase()).doesNotContain("X-CIERS-");
        });
        assertThat(log(plainWithoutTls)).contains("offers no STARTTLS; plain SMTP to notls.example as configured");
    }

    @Test
    void aRecipientWithoutStartTlsBouncesWhenConfiguredSo() throws Exception {
        mail.submit(bounceWithoutTls.smtpPort(), "alice@s3.example", MailServer.PASSWORD, "nina@notls.example", "from s3", "Hi.");

        String bounce = mail.awaitMessages(bounceWithoutTls.imapPort(), "alice@s3.example", MailServer.PASSWORD, "INBOX", 1, DELIVERY)
            .get(0);
        assertThat(bounce).contains("CIERS required").contains("offers no STARTTLS");
        assertThat(mail.read(withoutTls.imapPort(), "nina@notls.example", MailServer.PASSWORD, "INBOX"))
            .noneSatisfy(message -> assertThat(MailClient.header(message, "Subject")).containsExactly("from s3"));
    }

    @Test
    void aRecipientCertificateNoTrustedCaSignedIsRefusedAndTheMailStaysQueued() throws Exception {
        mail.submit(toForeignCertificate.smtpPort(), "alice@s4.example", MailServer.PASSWORD, "fred@foreign.example", "untrusted", "Hi.");

        // the handshake fails (RemoteDelivery's own words), and no plain SMTP follows: the mail waits for a retry
        Awaitility.await().atMost(DELIVERY).until(() -> log(toForeignCertificate).contains("Could not convert socket to TLS"));
        Awaitility.await().atMost(DELIVERY).until(() -> toForeignCertificate.admin().queueSize("outgoing") == 1);
        assertThat(fredsMail.read(foreignCertificate.imapPort(), "fred@foreign.example", MailServer.PASSWORD, "INBOX")).isEmpty();
    }
}
