package org.ciers.smtp.sirp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.inject.Inject;
import javax.inject.Singleton;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.ciers.protocol.model.Msid;
import org.ciers.protocol.model.ServerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending server's store of messages waiting to be pulled (spec §6): a James mail repository
 * folder per sender ({@code <repository>/<sender>}), each message under its msid, plus an index
 * folder that finds a message's sender from its msid alone (what GTML gives).
 */
@Singleton
public class SirpOutbox {
    static final AttributeName SENDER_FOLDER = AttributeName.of("org.ciers.sirp.sender_folder");
    static final AttributeName EXPIRES_AT = AttributeName.of("org.ciers.sirp.expires_at");
    static final AttributeName PULLED = AttributeName.of("org.ciers.sirp.pulled");
    static final AttributeName PULLER_SERVER_ID = AttributeName.of("org.ciers.sirp.puller_server_id");
    private static final Logger LOGGER = LoggerFactory.getLogger(SirpOutbox.class);
    private static final String INDEX = "index";

    /**
     * A message kept for one recipient; {@code pullerServerId} is the server ID the authority named
     * for the recipient's domain when the notification went out with CIERS: the one server that may pull.
     */
    public record Kept(Msid msid, Optional<MailAddress> sender, MailAddress recipient, byte[] content, Instant expiresAt,
                       Optional<ServerId> pullerServerId) {
    }

    private final MailRepositoryStore repositories;
    private final SirpConfiguration configuration;
    private final Clock clock;
    private final byte[] secret;
    private final AtomicBoolean warnedOfProcessSecret = new AtomicBoolean();

    @Inject
    public SirpOutbox(MailRepositoryStore repositories, SirpConfiguration configuration, Clock clock) {
        this.repositories = repositories;
        this.configuration = configuration;
        this.clock = clock;
        this.secret = configuration.secret().orElseGet(() -> {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        });
    }

    /** Keeps the message for the recipient and returns its msid; keeping the same message again gives the same msid. */
    public Msid keep(Optional<MailAddress> sender, MailAddress recipient, MimeMessage message) throws MessagingException {
        return keep(sender, recipient, message, Optional.empty());
    }

    /** The same, noting the server ID of the recipient's domain that the authority named: the server that may pull it. */
    public Msid keep(Optional<MailAddress> sender, MailAddress recipient, MimeMessage message, Optional<ServerId> pullerServerId)
        throws MessagingException {
        if (configuration.secret().isEmpty() && !warnedOfProcessSecret.getAndSet(true)) {
            // only a server that keeps mail for pulling needs the setting: said when it first does
            LOGGER.warn("SIRP: kept a message for pulling with no {} configured; msids of this process cannot be recognised "
                + "after a restart (docs/sirp.md)", SirpConfiguration.SECRET);
        }
        byte[] content = bytes(message);
        String senderText = sender.map(MailAddress::asString).orElse("");
        Msid msid = Msid.compute(secret, senderText, recipient.asString(), content);
        Instant expiresAt = clock.instant().plus(configuration.expiry());
        MailImpl kept = MailImpl.builder()
            .name(msid.asString())
            .sender(sender.orElse(MailAddress.nullSender()))
            .addRecipient(recipient)
            .mimeMessage(message)
            .addAttribute(new Attribute(EXPIRES_AT, AttributeValue.of(expiresAt.toString())))
            .build();
        pullerServerId.ifPresent(puller -> kept.setAttribute(new Attribute(PULLER_SERVER_ID, AttributeValue.of(puller.asString()))));
        MailImpl index = MailImpl.builder()
            .name(msid.asString())
            .addRecipient(recipient)
            .mimeMessage(message)
            .addAttribute(new Attribute(SENDER_FOLDER, AttributeValue.of(folderName(senderText))))
            .build();
        try {
            folder(folderName(senderText)).store(kept);
            folder(INDEX).store(index);
        } finally {
            kept.dispose();
            index.dispose();
        }
        LOGGER.info("SIRP: message for {} kept as msid {} until {}", recipient.asString(), msid, expiresAt);
        return msid;
    }

    /** The message kept under the msid, if it is kept and not expired. */
    public Optional<Kept> find(Msid msid) throws MessagingException {
        Mail index = folder(INDEX).retrieve(new MailKey(msid.asString()));
        if (index == null) {
            return Optional.empty();
        }
        Mail kept = folder(senderFolder(index)).retrieve(new MailKey(msid.asString()));
        if (kept == null) {
            return Optional.empty();
        }
        Instant expiresAt = expiresAt(kept);
        if (!clock.instant().isBefore(expiresAt)) {
            return Optional.empty();
        }
        Optional<ServerId> puller = kept.getAttribute(PULLER_SERVER_ID)
            .flatMap(attribute -> attribute.getValue().valueAs(String.class))
            .map(ServerId::of);
        return Optional.of(new Kept(msid, kept.getMaybeSender().asOptional(), List.copyOf(kept.getRecipients()).get(0),
            bytes(kept.getMessage()), expiresAt, puller));
    }

    /** A message's sender was told it expired unpulled; it can be forgotten. */
    @FunctionalInterface
    public interface ExpiryNotice {
        void send(Mail expired) throws MessagingException;
    }

    /** Forgets every message whose time is up, handing those never pulled to {@code notice}; returns how many were. */
    public int expire(ExpiryNotice notice) throws MessagingException {
        MailRepository index = folder(INDEX);
        List<MailKey> keys = new ArrayList<>();
        index.list().forEachRemaining(keys::add);
        int expired = 0;
        for (MailKey key : keys) {
            Mail entry = index.retrieve(key);
            if (entry == null) {
                continue;
            }
            Mail kept = folder(senderFolder(entry)).retrieve(key);
            if (kept == null) {
                index.remove(key);
                continue;
            }
            if (clock.instant().isBefore(expiresAt(kept))) {
                continue;
            }
            if (kept.getAttribute(PULLED).isEmpty()) {
                notice.send(kept);
                expired++;
                LOGGER.info("SIRP: msid {} expired unpulled; its sender was told", key.asString());
            }
            remove(Msid.of(key.asString()));
        }
        return expired;
    }

    /**
     * Notes that the message was handed out. It stays until its expiry, so a pull that broke off can
     * be repeated, but then goes without a notice to its sender.
     */
    public void markPulled(Msid msid) throws MessagingException {
        Mail index = folder(INDEX).retrieve(new MailKey(msid.asString()));
        if (index == null) {
            return;
        }
        MailRepository folder = folder(senderFolder(index));
        Mail kept = folder.retrieve(new MailKey(msid.asString()));
        if (kept != null && kept.getAttribute(PULLED).isEmpty()) {
            kept.setAttribute(new Attribute(PULLED, AttributeValue.of(true)));
            folder.store(kept);
        }
    }

    /** Forgets a pulled (or expired) message. */
    public void remove(Msid msid) throws MessagingException {
        Mail index = folder(INDEX).retrieve(new MailKey(msid.asString()));
        if (index == null) {
            return;
        }
        folder(senderFolder(index)).remove(new MailKey(msid.asString()));
        folder(INDEX).remove(new MailKey(msid.asString()));
    }

    private static String senderFolder(Mail indexEntry) {
        return string(indexEntry, SENDER_FOLDER);
    }

    private static Instant expiresAt(Mail kept) {
        return Instant.parse(string(kept, EXPIRES_AT));
    }

    private static String string(Mail mail, AttributeName name) {
        return mail.getAttribute(name).flatMap(attribute -> attribute.getValue().valueAs(String.class))
            .orElseThrow(() -> new IllegalStateException("SIRP: a kept message without " + name.asString()));
    }

    private MailRepository folder(String name) throws MessagingException {
        try {
            return repositories.select(MailRepositoryUrl.from(configuration.repository() + "/" + name));
        } catch (MailRepositoryStore.MailRepositoryStoreException e) {
            throw new MessagingException("SIRP: no mail repository " + configuration.repository() + "/" + name, e);
        }
    }

    /** A folder name from the sender address: readable, and safe in a repository URL. */
    static String folderName(String sender) {
        String name = sender.isEmpty() ? "null-sender" : sender.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._@-]", "_");
        return "sender-" + name;
    }

    private static byte[] bytes(MimeMessage message) throws MessagingException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new MessagingException("SIRP: cannot read the message", e);
        }
    }
}
