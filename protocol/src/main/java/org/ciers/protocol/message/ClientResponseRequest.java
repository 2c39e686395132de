package org.ciers.protocol.message;

import java.util.Objects;
import java.util.Optional;

import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ReportToken;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.Verdict;

/**
 * RMTA or client → authority: the recipient's verdict on a message. Authenticated either by the
 * RMTA's server credentials or by the report token the RMTA received at validation.
 */
public record ClientResponseRequest(ServerId senderServerId, MessageId messageId, Verdict verdict,
                                    Optional<ServerCredentials> credentials,
                                    Optional<ReportToken> reportToken) implements CiersRequest {

    /** A server's ID with its passphrase. */
    public record ServerCredentials(ServerId serverId, Passphrase passphrase) {
        public ServerCredentials {
            Objects.requireNonNull(serverId, "server_id");
            Objects.requireNonNull(passphrase, "passphrase");
        }
    }

    public ClientResponseRequest {
        Objects.requireNonNull(senderServerId, "sender_server_id");
        Objects.requireNonNull(messageId, "message_id");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(reportToken, "report_token");
        if (credentials.isEmpty() && reportToken.isEmpty()) {
            throw new IllegalArgumentException("a client_response carries server_id and passphrase, or report_token");
        }
    }

    public static ClientResponseRequest byServer(ServerId senderServerId, MessageId messageId, Verdict verdict,
                                                 ServerId serverId, Passphrase passphrase) {
        return new ClientResponseRequest(senderServerId, messageId, verdict,
            Optional.of(new ServerCredentials(serverId, passphrase)), Optional.empty());
    }

    public static ClientResponseRequest byToken(ServerId senderServerId, MessageId messageId, Verdict verdict,
                                                ReportToken reportToken) {
        return new ClientResponseRequest(senderServerId, messageId, verdict, Optional.empty(), Optional.of(reportToken));
    }

    @Override
    public MessageType type() {
        return MessageType.CLIENT_RESPONSE;
    }
}
