package org.ciers.protocol.message;

import java.util.List;
import java.util.Objects;

import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;

/** Authority → SMTA: granted with a fresh message ID, or refused. */
public sealed interface AuthToSendResponse extends CiersResponse {

    record Granted(ServerId recipientServerId, MessageId messageId, List<String> mxServers) implements AuthToSendResponse {
        public Granted {
            Objects.requireNonNull(recipientServerId, "recipient_server_id");
            Objects.requireNonNull(messageId, "message_id");
            mxServers = List.copyOf(mxServers);
        }
    }

    /** The recipient domain is not registered with the authority. */
    record DomainInvalid() implements AuthToSendResponse {
    }

    /** The sender's server ID and passphrase do not match. */
    record NotAuthorized() implements AuthToSendResponse {
    }

    @Override
    default MessageType type() {
        return MessageType.AUTH_TO_SEND;
    }
}
