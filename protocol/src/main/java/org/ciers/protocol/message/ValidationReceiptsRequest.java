package org.ciers.protocol.message;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;

/**
 * RMTA → authority: the message IDs this server validated offline (spec §10), each with the
 * instant it did; sent in batches outside any SMTP transaction, and again until answered.
 */
public record ValidationReceiptsRequest(ServerId serverId, Passphrase passphrase, List<Receipt> receipts) implements CiersRequest {
    /** The most receipts one request may carry: about 220 bytes each, far below the 64 KiB a document may have. */
    public static final int MAX_RECEIPTS = 200;

    /** One validation: the ID and when this server accepted it. */
    public record Receipt(MessageId messageId, Instant validatedAt) {
        public Receipt {
            Objects.requireNonNull(messageId, "message_id");
            Objects.requireNonNull(validatedAt, "validated_at");
        }
    }

    public ValidationReceiptsRequest {
        Objects.requireNonNull(serverId, "server_id");
        Objects.requireNonNull(passphrase, "passphrase");
        receipts = List.copyOf(receipts);
        if (receipts.isEmpty() || receipts.size() > MAX_RECEIPTS) {
            throw new IllegalArgumentException("a batch holds 1 to " + MAX_RECEIPTS + " receipts: " + receipts.size());
        }
    }

    @Override
    public MessageType type() {
        return MessageType.VALIDATION_RECEIPTS;
    }
}
