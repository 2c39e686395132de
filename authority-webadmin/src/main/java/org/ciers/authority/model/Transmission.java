package org.ciers.authority.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.ciers.authority.security.SecretGenerator;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ReportToken;
import org.ciers.protocol.model.ServerId;

/**
 * One authorised transmission, as its signed message ID tells it (spec §10), and its single match
 * at trust_value once validated online (only then is it logged). The authority never holds the
 * message itself, only who sent what to which domain, and when.
 */
public record Transmission(MessageId messageId, ServerId senderServerId, DomainName senderDomain,
                           DomainName recipientDomain, Instant issuedAt, Instant expiresAt,
                           Optional<Validation> validation) {

    /**
     * The match with the recipient's trust_value request, and the SHA-256 (hex) of the report token
     * given to it: the token itself is only in the answer, so a copy of the store reports nothing.
     */
    public record Validation(Instant validatedAt, String reportTokenHash) {
        public Validation {
            Objects.requireNonNull(validatedAt, "validatedAt");
            Objects.requireNonNull(reportTokenHash, "reportTokenHash");
        }

        public static Validation of(Instant validatedAt, ReportToken reportToken) {
            return new Validation(validatedAt, SecretGenerator.sha256Hex(reportToken.reveal()));
        }

        /** In constant time, as every secret is compared. */
        public boolean acceptsReportToken(ReportToken presented) {
            return MessageDigest.isEqual(reportTokenHash.getBytes(StandardCharsets.US_ASCII),
                SecretGenerator.sha256Hex(presented.reveal()).getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public String toString() {
            return "Validation[" + validatedAt + "]";
        }
    }

    public Transmission {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(senderServerId, "senderServerId");
        Objects.requireNonNull(senderDomain, "senderDomain");
        Objects.requireNonNull(recipientDomain, "recipientDomain");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(validation, "validation");
    }

    public static Transmission issued(MessageId messageId, ServerId senderServerId, DomainName senderDomain,
                                      DomainName recipientDomain, Instant issuedAt, Instant expiresAt) {
        return new Transmission(messageId, senderServerId, senderDomain, recipientDomain, issuedAt, expiresAt, Optional.empty());
    }

    public Transmission validated(Validation validation) {
        return new Transmission(messageId, senderServerId, senderDomain, recipientDomain, issuedAt, expiresAt, Optional.of(validation));
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
