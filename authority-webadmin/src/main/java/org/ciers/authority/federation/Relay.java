package org.ciers.authority.federation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.model.ForwardedItem;
import org.ciers.authority.model.Peer;
import org.ciers.authority.model.RegisteredDomain;
import org.ciers.authority.store.PeerOutboxStore;
import org.ciers.authority.transmission.PeerAuthorities;
import org.ciers.authority.transmission.TransmissionAuthority;
import org.ciers.protocol.message.CiersResponse;
import org.ciers.protocol.message.ErrorResponse;
import org.ciers.protocol.message.TrustValueResponse;
import org.ciers.protocol.message.ValidationReceiptsRequest;
import org.ciers.protocol.message.ValidationReceiptsResponse;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ReportToken;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.TrustValue;
import org.ciers.protocol.signed.SignedMessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * This authority as a relay (spec §7): what its own receiving servers say about a peer's message
 * IDs. A receipt or a verdict is checked here as the peer would (an active peer signed the ID, for
 * this recipient's domain and the named sender, with a key it lists), then queued durably for the
 * peer ({@link PeerForwarder} sends it); the receiving server's answer never waits for the peer. An
 * online {@code trust_value} cannot wait in a queue: it is asked of the peer there and then.
 */
@Singleton
public class Relay {
    private static final Logger LOGGER = LoggerFactory.getLogger(Relay.class);
    static final String TRUST_VALUE_ROUTE = "trust_value";
    /** Receipts remembered to answer a repeated batch {@code duplicate} (about 100 bytes each). */
    static final int RECENT_RECEIPTS = 100_000;
    /** Verdicts remembered, with their message ID, to queue a repeated one once. */
    static final int RECENT_VERDICTS = 10_000;

    /** A peer's keys cannot be had now: answered unavailable, sent again later by the receiving server. */
    static final class KeysUnavailable extends PeerAuthorities.Unavailable {
        KeysUnavailable(AuthorityName peer) {
            super("the key set of peer " + peer + " cannot be had now");
        }
    }

    /** A bounded set, the oldest added forgotten first. */
    static final class Recent<T> {
        private final Map<T, Boolean> entries;

        Recent(int capacity) {
            this.entries = new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<T, Boolean> eldest) {
                    return size() > capacity;
                }
            };
        }

        synchronized boolean contains(T entry) {
            return entries.containsKey(entry);
        }

        synchronized void add(T entry) {
            entries.put(entry, Boolean.TRUE);
        }

        synchronized void remove(T entry) {
            entries.remove(entry);
        }
    }

    private final AuthorityConfiguration configuration;
    private final Peers peers;
    private final PeerKeySets keySets;
    private final PeerOutboxStore outbox;
    private final PeerForwarder forwarder;
    private final PeerClient client;
    private final PeerStatus status;
    private final Clock clock;
    /** The IDs of receipts this node queued lately, the oldest forgotten first. */
    private final Recent<MessageId> recentlyQueued = new Recent<>(RECENT_RECEIPTS);
    /** The verdicts this node queued lately, by message ID and verdict: the same one again is not queued again. */
    private final Recent<String> recentVerdicts = new Recent<>(RECENT_VERDICTS);

    @Inject
    public Relay(AuthorityConfiguration configuration, Peers peers, PeerKeySets keySets, PeerOutboxStore outbox, PeerForwarder forwarder,
                 PeerClient client, PeerStatus status, Clock clock) {
        this.configuration = configuration;
        this.peers = peers;
        this.keySets = keySets;
        this.outbox = outbox;
        this.forwarder = forwarder;
        this.client = client;
        this.status = status;
        this.clock = clock;
    }

    /** Whether another authority than this one signed the ID: its business is a peer's, if anyone's. */
    public boolean isForeign(MessageId id) {
        return !id.authority().equals(configuration.name());
    }

    /**
     * Checks each receipt and queues those that pass, per peer, in one write each; answers, in order,
     * {@code counted} for a receipt taken (to be counted by its issuer), {@code duplicate} for one this
     * node queued lately (a receiving server sending a batch again after a lost answer), {@code invalid}
     * for the others. The issuer counts each ID once whatever reaches it; {@link #recentlyQueued} only
     * spares the outbox the copies.
     */
    public Mono<List<ValidationReceiptsResponse.Outcome>> receipts(RegisteredDomain recipient, List<ValidationReceiptsRequest.Receipt> receipts) {
        Instant now = clock.instant();
        List<ValidationReceiptsResponse.Outcome> outcomes = new ArrayList<>(receipts.size());
        Map<AuthorityName, List<ForwardedItem>> byPeer = new LinkedHashMap<>();
        for (ValidationReceiptsRequest.Receipt receipt : receipts) {
            Optional<SignedMessageId> id = checked(receipt.messageId(), recipient.name(), Optional.empty())
                .filter(signed -> !receipt.validatedAt().isAfter(signed.expiresAt().plus(TransmissionAuthority.RECEIPT_CLOCK_SKEW)))
                .filter(signed -> !now.isAfter(signed.expiresAt().plus(configuration.transmissionRetention())));
            if (id.isEmpty()) {
                outcomes.add(ValidationReceiptsResponse.Outcome.INVALID);
            } else if (recentlyQueued.contains(receipt.messageId())) {
                outcomes.add(ValidationReceiptsResponse.Outcome.DUPLICATE);
            } else {
                outcomes.add(ValidationReceiptsResponse.Outcome.COUNTED);
                byPeer.computeIfAbsent(id.get().id().authority(), any -> new ArrayList<>())
                    .add(ForwardedItem.receipt(receipt.messageId(), recipient.name(), receipt.validatedAt()));
            }
        }
        return queue(byPeer)
            .then(Mono.fromRunnable(() -> byPeer.values().forEach(items -> items.forEach(item -> recentlyQueued.add(item.messageId())))))
            .thenReturn(outcomes);
    }

    /** A verdict of one of this authority's receiving servers on a peer's ID: queued when the check passes; false otherwise. */
    public Mono<Boolean> verdict(RegisteredDomain reporter, MessageId messageId, ServerId senderServerId, boolean spam) {
        Optional<SignedMessageId> id = checked(messageId, reporter.name(), Optional.of(senderServerId))
            .filter(signed -> !clock.instant().isAfter(signed.expiresAt().plus(configuration.transmissionRetention())));
        if (id.isEmpty()) {
            return Mono.just(false);
        }
        ForwardedItem item = ForwardedItem.verdict(spam, messageId, senderServerId, reporter.name(), clock.instant());
        String verdict = item.kind().wireName() + " " + messageId.asString();
        String opposite = (spam ? ForwardedItem.Kind.NOT_SPAM : ForwardedItem.Kind.SPAM).wireName() + " " + messageId.asString();
        if (recentVerdicts.contains(verdict)) {
            // the same verdict again changes nothing at the issuer; only its reversal is news
            return Mono.just(true);
        }
        return queue(Map.of(id.get().id().authority(), List.of(item)))
            .then(Mono.fromRunnable(() -> {
                recentVerdicts.add(verdict);
                recentVerdicts.remove(opposite);
            }))
            .thenReturn(true);
    }

    /** Online validation of a peer's ID, asked of the peer now; unavailable when the peer cannot answer (the server retries). */
    public Mono<CiersResponse> trustValue(RegisteredDomain recipient, MessageId messageId, ServerId senderServerId) {
        Optional<SignedMessageId> id;
        try {
            id = checked(messageId, recipient.name(), Optional.of(senderServerId));
        } catch (KeysUnavailable e) {
            return Mono.just(new ErrorResponse.Unavailable());
        }
        if (id.isEmpty()) {
            return Mono.just(new TrustValueResponse.InvalidTransmission());
        }
        AuthorityName issuer = id.get().id().authority();
        Optional<Peer> peer = peers.active(issuer);
        if (peer.isEmpty()) {
            // suspended since the check
            return Mono.just(new TrustValueResponse.InvalidTransmission());
        }
        return client.post(peer.get(), TRUST_VALUE_ROUTE,
                new PeerMessages.TrustValueQuery(messageId.asString(), senderServerId.asString(), recipient.name().asString()),
                PeerMessages.TrustValueAnswer.class)
            .map(answer -> {
                status.contacted(issuer);
                if (!answer.valid()) {
                    return (CiersResponse) new TrustValueResponse.InvalidTransmission();
                }
                return new TrustValueResponse.ValidTransmission(senderServerId, DomainName.of(answer.senderDomain().orElseThrow()),
                    TrustValue.parse(answer.trustValue().orElseThrow()), ReportToken.of(answer.reportToken().orElseThrow()));
            })
            .onErrorResume(failure -> {
                status.failed(issuer, failure.getMessage());
                LOGGER.warn("CIERS: trust_value of {} could not be asked of peer {}: {}", messageId, issuer, failure.getMessage());
                return Mono.just(new ErrorResponse.Unavailable());
            });
    }

    /**
     * The signed ID, when an active peer signed it with a key it lists, for {@code recipient} and (when
     * named) that sender, whose organization the peer has not suspended.
     *
     * @throws KeysUnavailable the peer's keys cannot be had now: ask again later
     */
    private Optional<SignedMessageId> checked(MessageId messageId, DomainName recipient, Optional<ServerId> sender) {
        Optional<SignedMessageId> signed = SignedMessageId.parse(messageId)
            .filter(id -> id.isFor(recipient))
            .filter(id -> sender.map(named -> named.asString().equals(id.senderServerId())).orElse(true));
        Optional<ServerId> senderServerId = signed.flatMap(SignedMessageId::sender);
        if (senderServerId.isEmpty()) {
            return Optional.empty();
        }
        return switch (keySets.check(signed.get(), senderServerId.get())) {
            case SIGNED -> signed;
            case NOT_SIGNED -> Optional.empty();
            case KEYS_UNAVAILABLE -> throw new KeysUnavailable(signed.get().id().authority());
        };
    }

    private Mono<Void> queue(Map<AuthorityName, List<ForwardedItem>> byPeer) {
        if (byPeer.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(byPeer.entrySet())
            .concatMap(entry -> outbox.add(entry.getKey(), entry.getValue()).doOnSuccess(any -> status.queued(entry.getValue().size())))
            .then(Mono.fromRunnable(forwarder::wake));
    }
}
