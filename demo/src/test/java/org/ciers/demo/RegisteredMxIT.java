package org.ciers.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DNS (here the gateway) may send a sender to a host whose certificate a trusted CA signed, for
 * that host, but that is not an MX host the recipient's domain registered with the authority. An
 * unused message ID is worth something to whoever holds it (it could present it first elsewhere),
 * so the sender gives it only to a server whose certificate names one of the MX hosts the authority
 * lists for the domain, and goes on as for a server without CIERS otherwise (ciersRefused, plain by
 * default). Real processes: an authority, the sender, the receiving host.
 */
class RegisteredMxIT {
    static final Duration DELIVERY = Duration.ofSeconds(90);

    static JamesProcess authority;
    static List<MailServer> servers;
    static MailServer impostor;
    static MailServer sender;
    static MailClient mail;

    @BeforeAll
    static void start() throws Exception {
        DemoLayout layout = DemoLayout.fromSystemProperties();
        DemoCertificates ca = DemoCertificates.createAuthority("test CA");
        mail = new MailClient(ca.clientContext());
        authority = JamesProcess.startAuthority("authority", layout, Map.of());
        AuthorityAdmin admin = new AuthorityAdmin(authority.webAdmin());
        String organization = admin.registerOrganization("Example", "postmaster@example.com");
        AuthorityAdmin.Accredited registered = admin.accredit(organization, "registered.example", List.of("mx.registered.example"));
        AuthorityAdmin.Accredited sending = admin.accredit(organization, "s5.example", List.of("mx.s5.example"));

        int impostorPort = FreePorts.next();
        // signed by the senders' CA, for 127.0.0.1 and a host name: not the MX host the domain registered
        Path impostorKeystore = Files.createTempFile("impostor", ".p12");
        ca.writeServerKeystore(impostorKeystore, "mx.impostor.example");
        servers = ParallelStart.start(List.of(
            MailServer.builder(layout, ca, "registered.example")
                .authority(authority.webAdmin(), registered.serverId(), registered.passphrase())
                .user("rita").smtpPort(impostorPort)
                .keystore(Files.readAllBytes(impostorKeystore), DemoCertificates.KEYSTORE_SECRET)::start,
            MailServer.builder(layout, ca, "s5.example")
                .authority(authority.webAdmin(), sending.serverId(), sending.passphrase())
                .user("alice").relayTo(impostorPort)::start));
        Files.delete(impostorKeystore);
        impostor = servers.get(0);
        sender = servers.get(1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (servers != null) {
            ParallelStart.closeAll(servers);
        }
        if (authority != null) {
            authority.close();
        }
    }

    @Test
    void aMessageIdIsGivenOnlyToAHostTheDomainRegistered() throws Exception {
        mail.submit(sender.smtpPort(), "alice@s5.example", MailServer.PASSWORD, "rita@registered.example", "to an impostor", "Hi.");

        List<String> received = mail.awaitMessages(impostor.imapPort(), "rita@registered.example", MailServer.PASSWORD, "INBOX", 1,
            DELIVERY);
        assertThat(MailClient.header(received.get(0), "X-CIERS-MessageID")).isEmpty();
        assertThat(Files.readString(sender.james().log())).contains("certificate names none of the MX hosts the authority lists for "
            + "registered.example [mx.registered.example]");
        assertThat(Files.readString(impostor.james().log())).doesNotContain("CIERS: accepted");
    }
}
