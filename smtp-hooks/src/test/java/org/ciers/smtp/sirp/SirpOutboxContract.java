package org.ciers.smtp.sirp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.ciers.protocol.model.Msid;
import org.junit.jupiter.api.Test;

/** What the SIRP outbox must do on every James mail repository it is given (memory, Cassandra). */
public interface SirpOutboxContract {
    byte[] SECRET = "a sender secret of thirty-two b.".getBytes(StandardCharsets.US_ASCII);

    SirpOutbox outbox();

    MailRepositoryStore repositories();

    /** Moves the outbox's clock forward. */
    void advance(Duration duration);

    static MimeMessage message(String text) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(
            ("From: alice@a.example\r\nTo: bob@b.example\r\nSubject: hello\r\n\r\n" + text + "\r\n").getBytes(StandardCharsets.US_ASCII)));
    }

    static byte[] bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    @Test
    default void aKeptMessageIsFoundByItsMsidWithTheSameBytesUnderItsSendersFolder() throws Exception {
        MimeMessage message = message("Hello Bob.");
        MailAddress alice = new MailAddress("alice@a.example");
        MailAddress bob = new MailAddress("bob@b.example");

        Msid msid = outbox().keep(Optional.of(alice), bob, message);

        assertThat(msid).isEqualTo(Msid.compute(SECRET, "alice@a.example", "bob@b.example", bytes(message)));
        SirpOutbox.Kept kept = outbox().find(msid).orElseThrow();
        assertThat(kept.content()).isEqualTo(bytes(message));
        assertThat(kept.recipient()).isEqualTo(bob);
        assertThat(kept.sender()).contains(alice);
        assertThat(repositories().getUrls().map(MailRepositoryUrl::asString))
            .anyMatch(url -> url.endsWith("/sender-alice@a.example"));
    }

    @Test
    default void unknownRemovedAndExpiredMsidsFindNothing() throws Exception {
        Msid msid = outbox().keep(Optional.of(new MailAddress("alice@a.example")), new MailAddress("bob@b.example"), message("one"));
        Msid other = outbox().keep(Optional.of(new MailAddress("alice@a.example")), new MailAddress("bob@b.example"), message("two"));

        assertThat(outbox().find(Msid.of("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))).isEmpty();
        outbox().remove(msid);
        assertThat(outbox().find(msid)).isEmpty();
        advance(Duration.ofDays(7));
        assertThat(outbox().find(other)).isEmpty();
    }

    @Test
    default void onlyMessagesNeverPulledAreReportedWhenTheyExpireAndAllAreForgotten() throws Exception {
        MailAddress alice = new MailAddress("alice@a.example");
        Msid pulled = outbox().keep(Optional.of(alice), new MailAddress("bob@b.example"), message("pulled"));
        Msid waiting = outbox().keep(Optional.of(alice), new MailAddress("bob@b.example"), message("waiting"));
        outbox().markPulled(pulled);
        List<String> reported = new ArrayList<>();

        assertThat(outbox().expire(mail -> reported.add(mail.getName()))).isZero();
        advance(Duration.ofDays(7));
        assertThat(outbox().expire(mail -> reported.add(mail.getName()))).isEqualTo(1);

        assertThat(reported).containsExactly(waiting.asString());
        assertThat(outbox().find(pulled)).isEmpty();
        assertThat(outbox().find(waiting)).isEmpty();
        assertThat(outbox().expire(mail -> reported.add(mail.getName()))).isZero();
    }
}
