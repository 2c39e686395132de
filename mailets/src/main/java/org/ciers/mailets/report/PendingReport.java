package org.ciers.mailets.report;

import java.util.Objects;

import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.Verdict;

/** A recipient's verdict on one CIERS-validated message, waiting to reach the authority. */
public record PendingReport(ServerId senderServerId, MessageId messageId, Verdict verdict) {
    public PendingReport {
        Objects.requireNonNull(senderServerId, "senderServerId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(verdict, "verdict");
    }
}
