package org.ciers.protocol.message;

import java.util.Objects;

import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;

/**
 * SMTA → authority: may I send to {@code recipientDomain}? With a {@code count} above one, the
 * sender asks for that many message IDs at once, to keep them ready (spec §10).
 */
public record AuthToSendRequest(ServerId serverId, Passphrase passphrase, DomainName recipientDomain, int count) implements CiersRequest {
    /** The most message IDs one request may ask for: the answer stays far below the 64 KiB a document may have. */
    public static final int MAX_COUNT = 100;

    public AuthToSendRequest {
        Objects.requireNonNull(serverId, "server_id");
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(recipientDomain, "recipient_domain");
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be 1 to " + MAX_COUNT + ": " + count);
        }
    }

    /** One message ID, as every request asked before counts existed. */
    public AuthToSendRequest(ServerId serverId, Passphrase passphrase, DomainName recipientDomain) {
        this(serverId, passphrase, recipientDomain, 1);
    }

    /** The same question, for another number of IDs. */
    public AuthToSendRequest withCount(int newCount) {
        return new AuthToSendRequest(serverId, passphrase, recipientDomain, newCount);
    }

    @Override
    public MessageType type() {
        return MessageType.AUTH_TO_SEND;
    }
}
