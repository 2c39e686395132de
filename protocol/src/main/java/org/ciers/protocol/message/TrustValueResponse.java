package org.ciers.protocol.message;

import java.util.Objects;

import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.ReportToken;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.TrustValue;

/** Authority → RMTA: the transmission is valid (with the sender's trust), invalid, or the asker is not authorised. */
public sealed interface TrustValueResponse extends CiersResponse {

    record ValidTransmission(ServerId senderServerId, DomainName senderDomain, TrustValue trustValue,
                             ReportToken reportToken) implements TrustValueResponse {
        public ValidTransmission {
            Objects.requireNonNull(senderServerId, "sender_server_id");
            Objects.requireNonNull(senderDomain, "sender_domain");
            Objects.requireNonNull(trustValue, "trust_value");
            Objects.requireNonNull(reportToken, "report_token");
        }
    }

    record InvalidTransmission() implements TrustValueResponse {
    }

    record NotAuthorized() implements TrustValueResponse {
    }

    @Override
    default MessageType type() {
        return MessageType.TRUST_VALUE;
    }
}
