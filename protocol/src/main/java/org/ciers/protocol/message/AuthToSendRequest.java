package org.ciers.protocol.message;

import java.util.Objects;

import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;

/** SMTA → authority: may I send to {@code recipientDomain}? */
public record AuthToSendRequest(ServerId serverId, Passphrase passphrase, DomainName recipientDomain) implements CiersRequest {
    public AuthToSendRequest {
        Objects.requireNonNull(serverId, "server_id");
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(recipientDomain, "recipient_domain");
    }

    @Override
    public MessageType type() {
        return MessageType.AUTH_TO_SEND;
    }
}
