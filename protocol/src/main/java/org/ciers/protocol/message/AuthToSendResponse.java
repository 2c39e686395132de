package org.ciers.protocol.message;

import java.util.List;
import java.util.Objects;

import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;

/** Authority → SMTA: granted with fresh message IDs (as many as asked), or refused. */
public sealed interface AuthToSendResponse extends CiersResponse {

    record Granted(ServerId recipientServerId, List<MessageId> messageIds, List<String> mxServers) implements AuthToSendResponse {
        public Granted {
            Objects.requireNonNull(recipientServerId, "recipient_server_id");
            messageIds = List.copyOf(messageIds);
            if (messageIds.isEmpty()) {
                throw new IllegalArgumentException("a grant carries at least one message_id");
            }
            mxServers = List.copyOf(mxServers);
        }

        public Granted(ServerId recipientServerId, MessageId messageId, List<String> mxServers) {
            this(recipientServerId, List.of(messageId), mxServers);
        }

        /** The first message ID: the only one when one was asked for. */
        public MessageId messageId() {
            return messageIds.get(0);
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
