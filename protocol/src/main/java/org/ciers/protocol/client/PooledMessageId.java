package org.ciers.protocol.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;

/**
 * A granted message ID waiting in a {@link MessageIdPool}, with what its grant said of the
 * recipient, and the last instant it may still be handed out.
 */
record PooledMessageId(MessageId id, ServerId recipientServerId, List<String> mxServers, Instant usableUntil) {
    PooledMessageId {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(recipientServerId, "recipientServerId");
        mxServers = List.copyOf(mxServers);
        Objects.requireNonNull(usableUntil, "usableUntil");
    }

    boolean isUsableAt(Instant now) {
        return !now.isAfter(usableUntil);
    }

    /** The grant of this one ID, as the authority would have answered a request for one. */
    AuthToSendResponse.Granted granted() {
        return new AuthToSendResponse.Granted(recipientServerId, id, mxServers);
    }
}
