package org.ciers.authority.analytics;

import java.time.Instant;
import java.util.Optional;

/** A report as the index holds it (state: {@code standing} or {@code refuted}). */
public record IndexedReport(String messageId, String senderDomain, String senderServerId, Optional<String> organization,
                            String recipientDomain, String state, Instant sentAt, Instant reportedAt, Instant stateChangedAt) {
}
