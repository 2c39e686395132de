package org.ciers.smtp.sirp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.memory.MemoryMailRepository;
import org.ciers.protocol.model.Msid;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sender's store over James's own memory mail repositories. */
class SirpOutboxTest {
    static final byte[] SECRET = "a sender secret of thirty-two b.".getBytes(StandardCharsets.US_ASCII);

    /** James's memory repositories, selected by URL as James's store does. */
    static class MemoryRepositories implements MailRepositoryStore {
        final Map<MailRepositoryUrl, MailRepository> repositories = new ConcurrentHashMap<>();

        @Override
        public MailRepository select(MailRepositoryUrl url) {
            return repositories.computeIfAbsent(url, any -> new MemoryMailRepository());
        }

        @Override
        public Optional<MailRepository> get(MailRepositoryUrl url) {
            return Optional.ofNullable(repositories.get(url));
        }

        @Override
        public Stream<MailRepository> getByPath(org.apache.james.mailrepository.api.MailRepositoryPath path) {
            return Stream.empty();
        }

        @Override
        public Optional<Protocol> defaultProtocol() {
            return Optional.of(new Protocol("memory"));
        }

        @Override
        public Stream<MailRepositoryUrl> getUrls() {
            return repositories.keySet().stream();
        }
    }

    Instant now;
    MemoryRepositories repositories;
    SirpOutbox outbox;

    @BeforeEach
    void setUp() {
        now = Instant.parse("2026-11-23T10:00:00Z");
        repositories = new MemoryRepositories();
        outbox = new SirpOutbox(repositories, new SirpConfiguration(Optional.of(SECRET), SirpConfiguration.DEFAULT_REPOSITORY,
            Duration.ofDays(7), Optional.empty(), Optional.empty(), Optional.empty()), new Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now;
                }
            });
    }

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
    void aKeptMessageIsFoundByItsMsidWithTheSameBytesUnderItsSendersFolder() throws Exception {
        MimeMessage message = message("Hello Bob.");
        MailAddress alice = new MailAddress("alice@a.example");
        MailAddress bob = new MailAddress("bob@b.example");

        Msid msid = outbox.keep(Optional.of(alice), bob, message);

        assertThat(msid).isEqualTo(Msid.compute(SECRET, "alice@a.example", "bob@b.example", bytes(message)));
        SirpOutbox.Kept kept = outbox.find(msid).orElseThrow();
        assertThat(kept.content()).isEqualTo(bytes(message));
        assertThat(kept.recipient()).isEqualTo(bob);
        assertThat(kept.sender()).contains(alice);
        assertThat(repositories.getUrls().map(MailRepositoryUrl::asString))
            .contains(SirpConfiguration.DEFAULT_REPOSITORY + "/sender-alice@a.example");
    }

    @Test
    void unknownRemovedAndExpiredMsidsFindNothing() throws Exception {
        Msid msid = outbox.keep(Optional.of(new MailAddress("alice@a.example")), new MailAddress("bob@b.example"), message("one"));
        Msid other = outbox.keep(Optional.of(new MailAddress("alice@a.example")), new MailAddress("bob@b.example"), message("two"));

        assertThat(outbox.find(Msid.of("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))).isEmpty();
        outbox.remove(msid);
        assertThat(outbox.find(msid)).isEmpty();
        now = now.plus(Duration.ofDays(7));
        assertThat(outbox.find(other)).isEmpty();
    }

    @Test
    void onlyMessagesNeverPulledAreReportedWhenTheyExpireAndAllAreForgotten() throws Exception {
        MailAddress alice = new MailAddress("alice@a.example");
        Msid pulled = outbox.keep(Optional.of(alice), new MailAddress("bob@b.example"), message("pulled"));
        Msid waiting = outbox.keep(Optional.of(alice), new MailAddress("bob@b.example"), message("waiting"));
        outbox.markPulled(pulled);
        java.util.List<String> reported = new java.util.ArrayList<>();

        assertThat(outbox.expire(mail -> reported.add(mail.getName()))).isZero();
        now = now.plus(Duration.ofDays(7));
        assertThat(outbox.expire(mail -> reported.add(mail.getName()))).isEqualTo(1);

        assertThat(reported).containsExactly(waiting.asString());
        assertThat(outbox.find(pulled)).isEmpty();
        assertThat(outbox.find(waiting)).isEmpty();
        assertThat(outbox.expire(mail -> reported.add(mail.getName()))).isZero();
    }
}
