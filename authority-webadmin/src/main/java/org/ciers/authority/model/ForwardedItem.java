package org.ciers.authority.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;

/**
 * What a relay authority forwards to the peer that signed a message ID (spec §7): a receipt of an
 * offline validation by one of its receiving servers, or their verdict on the message (spam or not).
 * {@code at} is when the receiving server validated it, or when the verdict came; a verdict names
 * the sender's server, as the receiving server's report did.
 */
public record ForwardedItem(Kind kind, MessageId messageId, Optional<ServerId> senderServerId, DomainName recipientDomain, Instant at) {
    public enum Kind {
        RECEIPT("receipt"), SPAM("spam"), NOT_SPAM("not_spam");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Kind fromWire(String name) {
            for (Kind kind : values()) {
                if (kind.wireName.equals(name)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown forwarded kind " + name);
        }
    }

    public ForwardedItem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(senderServerId, "senderServerId");
        Objects.requireNonNull(recipientDomain, "recipientDomain");
        Objects.requireNonNull(at, "at");
        if (kind != Kind.RECEIPT && senderServerId.isEmpty()) {
            throw new IllegalArgumentException("a verdict names the sender's server");
        }
    }

    public static ForwardedItem receipt(MessageId messageId, DomainName recipientDomain, Instant validatedAt) {
        return new ForwardedItem(Kind.RECEIPT, messageId, Optional.empty(), recipientDomain, validatedAt);
    }

    public static ForwardedItem verdict(boolean spam, MessageId messageId, ServerId senderServerId, DomainName recipientDomain, Instant at) {
        return new ForwardedItem(spam ? Kind.SPAM : Kind.NOT_SPAM, messageId, Optional.of(senderServerId), recipientDomain, at);
    }
}
