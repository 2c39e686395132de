package org.ciers.protocol.message;

import java.util.Objects;

import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;

/** SMTA → RMTA, the one XML line after {@code 220 Ready to start CIERS}. */
public record InitiateSendRequest(ServerId serverId, MessageId messageId) implements CiersRequest {
    public InitiateSendRequest {
        Objects.requireNonNull(serverId, "server_id");
        Objects.requireNonNull(messageId, "message_id");
    }

    @Override
    public MessageType type() {
        return MessageType.INITIATE_SEND;
    }
}
