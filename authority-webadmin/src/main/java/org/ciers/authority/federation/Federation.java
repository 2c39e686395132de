package org.ciers.authority.federation;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.ciers.authority.model.RegisteredDomain;
import org.ciers.authority.transmission.PeerAuthorities;
import org.ciers.protocol.message.CiersResponse;
import org.ciers.protocol.message.KeysResponse;
import org.ciers.protocol.message.ValidationReceiptsRequest;
import org.ciers.protocol.message.ValidationReceiptsResponse;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;

import reactor.core.publisher.Mono;

/** The protocol's view of the peers ({@link PeerAuthorities}): lookups by {@link PeerLookup}, keys by {@link PeerKeySets}, the rest by {@link Relay}. */
public class Federation implements PeerAuthorities {
    private final PeerLookup lookup;
    private final PeerKeySets keySets;
    private final Relay relay;

    @Inject
    public Federation(PeerLookup lookup, PeerKeySets keySets, Relay relay) {
        this.lookup = lookup;
        this.keySets = keySets;
        this.relay = relay;
    }

    @Override
    public Mono<Optional<Recipient>> recipient(DomainName domain) {
        return lookup.find(domain).map(result -> result instanceof PeerLookup.Result.Found found
            ? Optional.of(new Recipient(found.remote().domain(), found.remote().serverId(), found.remote().mxHosts()))
            : Optional.empty());
    }

    @Override
    public List<KeysResponse.PeerKeys> relayedKeys() {
        return keySets.relayed();
    }

    @Override
    public boolean isForeign(MessageId id) {
        return relay.isForeign(id);
    }

    @Override
    public Mono<List<ValidationReceiptsResponse.Outcome>> receipts(RegisteredDomain recipient, List<ValidationReceiptsRequest.Receipt> receipts) {
        return relay.receipts(recipient, receipts);
    }

    @Override
    public Mono<Boolean> verdict(RegisteredDomain reporter, MessageId messageId, ServerId senderServerId, boolean spam) {
        return relay.verdict(reporter, messageId, senderServerId, spam);
    }

    @Override
    public Mono<CiersResponse> trustValue(RegisteredDomain recipient, MessageId messageId, ServerId senderServerId) {
        return relay.trustValue(recipient, messageId, senderServerId);
    }
}
