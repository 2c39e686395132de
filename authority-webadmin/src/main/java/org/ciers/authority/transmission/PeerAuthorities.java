package org.ciers.authority.transmission;

import java.util.List;
import java.util.Optional;

import org.ciers.authority.model.RegisteredDomain;
import org.ciers.protocol.message.CiersResponse;
import org.ciers.protocol.message.KeysResponse;
import org.ciers.protocol.message.ValidationReceiptsRequest;
import org.ciers.protocol.message.ValidationReceiptsResponse;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;

import reactor.core.publisher.Mono;

/**
 * What the protocol asks of the authorities this one peers with (spec §7): where mail for a domain
 * registered with a peer goes, the peers' keys to relay, and what to do with an ID another authority
 * signed that this authority's servers present. The federation provides it; without peers every
 * answer is "no peer's".
 */
public interface PeerAuthorities {
    /** Where mail for a recipient domain goes: its server ID and MX hosts (registered here, or with a peer). */
    record Recipient(DomainName name, ServerId serverId, List<String> mxHosts) {
        public Recipient {
            mxHosts = List.copyOf(mxHosts);
        }
    }

    /**
     * A peer's business cannot be done now (its keys, or a lookup, cannot be had): the request is
     * answered unavailable and sent again later, never answered invalid, which would drop it.
     */
    class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    /** Where mail for a domain a peer registered goes (the IDs are signed here all the same); empty when no peer surely did. */
    Mono<Optional<Recipient>> recipient(DomainName domain);

    /** The peers' own keys and suspended senders, relayed in this authority's key set. */
    List<KeysResponse.PeerKeys> relayedKeys();

    /** Whether another authority than this one signed the ID. */
    boolean isForeign(MessageId id);

    /** Receipts of this authority's servers for peers' IDs, each answered counted (taken for its issuer), duplicate or invalid, in order. */
    Mono<List<ValidationReceiptsResponse.Outcome>> receipts(RegisteredDomain recipient, List<ValidationReceiptsRequest.Receipt> receipts);

    /** A verdict of this authority's server on a peer's ID: whether it was taken for the issuer. */
    Mono<Boolean> verdict(RegisteredDomain reporter, MessageId messageId, ServerId senderServerId, boolean spam);

    /** Online validation of a peer's ID, asked of the peer. */
    Mono<CiersResponse> trustValue(RegisteredDomain recipient, MessageId messageId, ServerId senderServerId);
}
