package org.ciers.protocol.message;

import java.util.Objects;

import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;

/** RMTA → authority: is this transmission authorised, and what is the sender's trust? */
public record TrustValueRequest(ServerId serverId, Passphrase passphrase, ServerId senderServerId, MessageId messageId) implements CiersRequest {
    public TrustValueRequest {
        Objects.requireNonNull(serverId, "server_id");
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(senderServerId, "sender_server_id");
        Objects.requireNonNull(messageId, "message_id");
    }

    @Override
    public MessageType type() {
        return MessageType.TRUST_VALUE;
    }
}
