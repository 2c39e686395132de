package org.ciers.authority.federation;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.ciers.authority.model.Peer;
import org.ciers.authority.store.PeerOutboxStore;
import org.ciers.authority.web.ForwardingRecordDto;
import org.ciers.authority.web.PeerDto;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.MessageId;

/** What the operator reads of the federation: each peer with its figures, and what was forwarded about one message ID. */
public class PeerViews {
    private final Peers peers;
    private final PeerStatus status;
    private final PeerOutboxStore outbox;
    private final PeerForwarder forwarder;

    @Inject
    public PeerViews(Peers peers, PeerStatus status, PeerOutboxStore outbox, PeerForwarder forwarder) {
        this.peers = peers;
        this.status = status;
        this.outbox = outbox;
        this.forwarder = forwarder;
    }

    public List<PeerDto> all() {
        return peers.all().stream().map(this::view).toList();
    }

    public Optional<PeerDto> named(AuthorityName name) {
        return peers.named(name).map(this::view);
    }

    public List<ForwardingRecordDto> forwarded(MessageId messageId) {
        return outbox.history(messageId).map(ForwardingRecordDto::of).collectList().block();
    }

    private PeerDto view(Peer peer) {
        PeerStatus.Seen seen = status.of(peer.name());
        long pending = outbox.countPending(peer.name()).block();
        return new PeerDto(peer.name().asString(), peer.baseUrl().toString(), peer.suspended() ? "suspended" : "active",
            seen.lastContact(), seen.lastFailureAt(), seen.lastFailure(), seen.forwarded(), pending, forwarder.waitingToRetry(peer.name()));
    }
}
