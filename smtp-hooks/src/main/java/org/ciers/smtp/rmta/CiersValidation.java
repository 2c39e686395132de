package org.ciers.smtp.rmta;

import java.util.Objects;
import java.util.Optional;

import org.ciers.protocol.message.TrustValueResponse;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ReportToken;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.TrustValue;

/**
 * What is known of a message accepted with CIERS: who sent it, and the sender's trust. The
 * authority's answer ({@code trust_value}) names the sender's domain and gives a report token; a
 * signed ID checked offline (spec §10) names neither, and its reports are relayed with this
 * server's own credentials.
 */
public record CiersValidation(ServerId senderServerId, Optional<DomainName> senderDomain, MessageId messageId,
                              TrustValue trustValue, Optional<ReportToken> reportToken) {
    public CiersValidation {
        Objects.requireNonNull(senderServerId, "senderServerId");
        Objects.requireNonNull(senderDomain, "senderDomain");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(trustValue, "trustValue");
        Objects.requireNonNull(reportToken, "reportToken");
    }

    /** The authority's {@code valid_transmission} for this message ID. */
    public static CiersValidation byAuthority(TrustValueResponse.ValidTransmission valid, MessageId messageId) {
        return new CiersValidation(valid.senderServerId(), Optional.of(valid.senderDomain()), messageId, valid.trustValue(),
            Optional.of(valid.reportToken()));
    }

    /** A signed ID this server checked itself: the trust value is the one the authority signed into it. */
    public static CiersValidation offline(ServerId senderServerId, MessageId messageId, TrustValue trustValue) {
        return new CiersValidation(senderServerId, Optional.empty(), messageId, trustValue, Optional.empty());
    }

    /** The sender as a person reads it: its domain when known, else its server ID. */
    public String sender() {
        return senderDomain.map(DomainName::asString).orElseGet(() -> "server " + senderServerId.asString());
    }
}
