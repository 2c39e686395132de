package org.ciers.authority.web;

import java.time.Instant;
import java.util.Optional;

import org.ciers.authority.model.Transmission;

/** What a domain sent, never with its report token. */
public record TransmissionDto(String messageId, String senderServerId, String senderDomain, String recipientDomain,
                              Instant issuedAt, Instant expiresAt, Optional<Instant> validatedAt) {
    public static TransmissionDto of(Transmission transmission) {
        return new TransmissionDto(transmission.messageId().asString(), transmission.senderServerId().asString(),
            transmission.senderDomain().asString(), transmission.recipientDomain().asString(), transmission.issuedAt(),
            transmission.expiresAt(), transmission.validation().map(Transmission.Validation::validatedAt));
    }
}
