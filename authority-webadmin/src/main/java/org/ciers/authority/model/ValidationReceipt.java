package org.ciers.authority.model;

import java.time.Instant;
import java.util.Objects;

import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;

/**
 * A receiving server's word that it validated a signed message ID offline (spec §10), as the
 * authority keeps it: which ID, from which sender domain, to which recipient domain, when the
 * receiving server validated it and when the receipt reached the authority.
 */
public record ValidationReceipt(MessageId messageId, DomainName senderDomain, DomainName recipientDomain,
                                Instant validatedAt, Instant arrivedAt) {
    public ValidationReceipt {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(senderDomain, "senderDomain");
        Objects.requireNonNull(recipientDomain, "recipientDomain");
        Objects.requireNonNull(validatedAt, "validatedAt");
        Objects.requireNonNull(arrivedAt, "arrivedAt");
    }
}
