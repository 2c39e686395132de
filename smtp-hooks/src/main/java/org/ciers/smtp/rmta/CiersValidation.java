package org.ciers.smtp.rmta;

import java.util.Objects;

import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ReportToken;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.TrustValue;

/** What the authority said of a message accepted with CIERS: who sent it, and the sender's trust. */
public record CiersValidation(ServerId senderServerId, DomainName senderDomain, MessageId messageId,
                              TrustValue trustValue, ReportToken reportToken) {
    public CiersValidation {
        Objects.requireNonNull(senderServerId, "senderServerId");
        Objects.requireNonNull(senderDomain, "senderDomain");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(trustValue, "trustValue");
        Objects.requireNonNull(reportToken, "reportToken");
    }
}
