package org.ciers.authority.model;

import java.time.Instant;
import java.util.Objects;

import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;

/** A recipient's report that one validated message was spam; at most one per message. */
public record SpamReport(MessageId messageId, ServerId senderServerId, DomainName senderDomain,
                         DomainName recipientDomain, Instant sentAt, Instant reportedAt,
                         ReportState state, Instant stateChangedAt) {
    public SpamReport {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(senderServerId, "senderServerId");
        Objects.requireNonNull(senderDomain, "senderDomain");
        Objects.requireNonNull(recipientDomain, "recipientDomain");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(reportedAt, "reportedAt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateChangedAt, "stateChangedAt");
    }

    public static SpamReport standing(Transmission transmission, Instant reportedAt) {
        return new SpamReport(transmission.messageId(), transmission.senderServerId(), transmission.senderDomain(),
            transmission.recipientDomain(), transmission.issuedAt(), reportedAt, ReportState.STANDING, reportedAt);
    }

    public SpamReport withState(ReportState newState, Instant at) {
        return new SpamReport(messageId, senderServerId, senderDomain, recipientDomain, sentAt, reportedAt, newState, at);
    }
}
