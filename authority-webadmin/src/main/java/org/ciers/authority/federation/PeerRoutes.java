package org.ciers.authority.federation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.ciers.authority.model.ForwardedItem;
import org.ciers.authority.model.Peer;
import org.ciers.authority.store.DomainStore;
import org.ciers.authority.transmission.PeerAuthorities;
import org.ciers.authority.transmission.TransmissionAuthority;
import org.ciers.authority.web.BoundedBody;
import org.ciers.authority.web.JsonExchange;
import org.ciers.protocol.message.CiersResponse;
import org.ciers.protocol.message.TrustValueResponse;
import org.ciers.protocol.message.ValidationReceiptsRequest;
import org.ciers.protocol.message.ValidationReceiptsResponse;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code POST /ciers/peer/v1/<route>}: what this authority answers its peers (spec §7), in JSON
 * ({@link PeerMessages}). Public for WebAdmin (no operator's token): every request must carry the
 * signature of a configured, active peer ({@link PeerAuthenticator}), or it is answered 401
 * {@code refused}. A peer is answered only about this authority's own business: whether a domain
 * is registered here, receipts and verdicts on IDs this authority signed for mail to a domain
 * registered with that very peer, and online validation of such IDs. A malformed body is a 400 with
 * a JSON error; a failing store a 503; never a 500.
 */
public class PeerRoutes implements PublicRoutes {
    public static final String BASE_PATH = PeerClient.PEER_PATH.substring(0, PeerClient.PEER_PATH.length() - 1);
    private static final Logger LOGGER = LoggerFactory.getLogger(PeerRoutes.class);
    /** A forwarded batch at its largest, with room. */
    static final int MAX_BODY_BYTES = 1024 * 1024;
    /** Recipient domains of one forwarded batch whose peer is checked at once. */
    static final int OWNERSHIP_CHECKS_AT_ONCE = 8;

    /** The peer asked what is not its business, or sent what cannot be read: 400. */
    private static final class BadPeerRequest extends RuntimeException {
        BadPeerRequest(String message) {
            super(message);
        }
    }

    private interface PeerOperation {
        Mono<?> apply(Peer peer, byte[] body);
    }

    private final PeerAuthenticator authenticator;
    private final TransmissionAuthority authority;
    private final DomainStore domains;
    private final PeerLookup lookup;
    private final PeerStatus status;

    @Inject
    public PeerRoutes(PeerAuthenticator authenticator, TransmissionAuthority authority, DomainStore domains, PeerLookup lookup,
                      PeerStatus status) {
        this.authenticator = authenticator;
        this.authority = authority;
        this.domains = domains;
        this.lookup = lookup;
        this.status = status;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.post(BASE_PATH + "/" + PeerLookup.ROUTE, (request, response) -> handle(request, response, this::lookup));
        service.post(BASE_PATH + "/" + PeerForwarder.ROUTE, (request, response) -> handle(request, response, this::forwarded));
        service.post(BASE_PATH + "/" + Relay.TRUST_VALUE_ROUTE, (request, response) -> handle(request, response, this::trustValue));
    }

    private Object handle(Request request, Response response, PeerOperation operation) {
        try {
            Optional<PeerAuthenticator.Outcome.Refused> early = authenticator.refusedBeforeTheBody(request::headers);
            if (early.isPresent()) {
                LOGGER.warn("CIERS: peer request on {} from {} refused: {}", request.pathInfo(), request.ip(), early.get().reason());
                return error(response, 401, "refused");
            }
            Optional<byte[]> body = BoundedBody.read(request, MAX_BODY_BYTES);
            if (body.isEmpty()) {
                return error(response, 400, "the body is missing or larger than " + MAX_BODY_BYTES + " bytes");
            }
            PeerAuthenticator.Outcome outcome = authenticator.authenticate(request::headers, request.requestMethod(), request.pathInfo(),
                body.get());
            if (outcome instanceof PeerAuthenticator.Outcome.Refused refused) {
                LOGGER.warn("CIERS: peer request on {} from {} refused: {}", request.pathInfo(), request.ip(), refused.reason());
                return error(response, 401, "refused");
            }
            Peer peer = ((PeerAuthenticator.Outcome.Authenticated) outcome).peer();
            status.contacted(peer.name());
            return JsonExchange.ok(response, operation.apply(peer, body.get()).block());
        } catch (BadPeerRequest | IllegalArgumentException e) {
            LOGGER.info("CIERS: malformed peer request on {}: {}", request.pathInfo(), e.getMessage());
            return error(response, 400, e.getMessage());
        } catch (PeerClient.PeerException | PeerAuthorities.Unavailable e) {
            LOGGER.warn("CIERS: peer request on {} answered unavailable, to be sent again: {}", request.pathInfo(), e.getMessage());
            return error(response, 503, "unavailable");
        } catch (RuntimeException e) {
            LOGGER.error("CIERS: peer request on {} failed", request.pathInfo(), e);
            return error(response, 503, "unavailable");
        }
    }

    private Mono<PeerMessages.LookupAnswer> lookup(Peer peer, byte[] body) {
        DomainName domain = DomainName.of(JsonExchange.read(body, PeerMessages.LookupRequest.class).domain());
        return domains.byName(domain)
            .map(registered -> new PeerMessages.LookupAnswer(true, Optional.of(registered.serverId().asString()), registered.mxHosts()))
            .defaultIfEmpty(PeerMessages.LookupAnswer.unknown());
    }

    /**
     * Each item in order: a receipt counted once, a verdict applied as this authority's own servers'
     * are. Consecutive receipts for one recipient domain are counted together, as one server's batch.
     */
    private Mono<PeerMessages.ForwardedAnswer> forwarded(Peer peer, byte[] body) {
        List<ForwardedItem> items = JsonExchange.read(body, PeerMessages.ForwardedBatch.class).items().stream()
            .map(PeerRoutes::item)
            .toList();
        if (items.size() > PeerForwarder.MAX_ITEMS) {
            throw new BadPeerRequest("at most " + PeerForwarder.MAX_ITEMS + " items a batch");
        }
        // whose each recipient domain is, asked a few at once (a first batch may name many of the peer's domains)
        return Flux.fromIterable(items.stream().map(ForwardedItem::recipientDomain).distinct().toList())
            .flatMap(domain -> ofThatPeer(peer, domain).map(theirs -> Map.entry(domain, theirs)), OWNERSHIP_CHECKS_AT_ONCE)
            .collectMap(Map.Entry::getKey, Map.Entry::getValue)
            .flatMap(theirs -> Flux.fromIterable(runs(items))
                .concatMap(run -> theirs.get(run.get(0).recipientDomain()) ? apply(run) : Mono.just(Collections.nCopies(run.size(),
                    run.get(0).kind() == ForwardedItem.Kind.RECEIPT ? "invalid" : "denied")))
                .collectList())
            .map(outcomes -> new PeerMessages.ForwardedAnswer(outcomes.stream().flatMap(List::stream).toList()));
    }

    /** The items cut where the kind changes to or from a receipt, or the recipient domain changes; a verdict is a run of its own. */
    private static List<List<ForwardedItem>> runs(List<ForwardedItem> items) {
        List<List<ForwardedItem>> runs = new ArrayList<>();
        for (ForwardedItem item : items) {
            List<ForwardedItem> last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && item.kind() == ForwardedItem.Kind.RECEIPT && last.get(0).kind() == ForwardedItem.Kind.RECEIPT
                && last.get(0).recipientDomain().equals(item.recipientDomain())) {
                last.add(item);
            } else {
                runs.add(new ArrayList<>(List.of(item)));
            }
        }
        return runs;
    }

    private Mono<List<String>> apply(List<ForwardedItem> run) {
        ForwardedItem first = run.get(0);
        if (first.kind() == ForwardedItem.Kind.RECEIPT) {
            return authority.countReceipts(first.recipientDomain(), run.stream()
                    .map(item -> new ValidationReceiptsRequest.Receipt(item.messageId(), item.at()))
                    .toList())
                .map(outcomes -> outcomes.stream().map(ValidationReceiptsResponse.Outcome::wireName).toList());
        }
        return authority.verdictForPeer(first.recipientDomain(), first.messageId(), first.senderServerId().orElseThrow(),
                first.kind() == ForwardedItem.Kind.SPAM ? Verdict.SPAM : Verdict.NOT_SPAM)
            .map(accepted -> List.of(accepted ? "accepted" : "denied"));
    }

    private Mono<PeerMessages.TrustValueAnswer> trustValue(Peer peer, byte[] body) {
        PeerMessages.TrustValueQuery query = JsonExchange.read(body, PeerMessages.TrustValueQuery.class);
        DomainName recipient = DomainName.of(query.recipientDomain());
        MessageId messageId = MessageId.of(query.messageId());
        ServerId sender = ServerId.of(query.senderServerId());
        return ofThatPeer(peer, recipient)
            .flatMap(theirs -> theirs ? authority.trustValueForPeer(recipient, messageId, sender).map(PeerRoutes::answer)
                : Mono.just(PeerMessages.TrustValueAnswer.invalid()));
    }

    private static PeerMessages.TrustValueAnswer answer(CiersResponse response) {
        if (response instanceof TrustValueResponse.ValidTransmission valid) {
            return new PeerMessages.TrustValueAnswer(true, Optional.of(valid.senderDomain().asString()),
                Optional.of(valid.trustValue().asString()), Optional.of(valid.reportToken().reveal()));
        }
        return PeerMessages.TrustValueAnswer.invalid();
    }

    /**
     * Whether the recipient domain is registered with the peer that speaks for it: never one of ours,
     * never another peer's. When the peers cannot all be asked now, the request fails (503) and the
     * peer sends it again: an item answered invalid would be dropped.
     */
    private Mono<Boolean> ofThatPeer(Peer peer, DomainName recipient) {
        return domains.byName(recipient).hasElement().flatMap(ours -> ours ? Mono.just(false) : lookup.find(recipient).map(result -> {
            if (result instanceof PeerLookup.Result.Unavailable) {
                throw new PeerClient.PeerException("the peers cannot all be asked about " + recipient + " now");
            }
            return result instanceof PeerLookup.Result.Found found && found.remote().peer().equals(peer.name());
        }));
    }

    private static ForwardedItem item(PeerMessages.Item item) {
        return new ForwardedItem(ForwardedItem.Kind.fromWire(item.kind()), MessageId.of(item.messageId()),
            item.senderServerId().map(ServerId::of), DomainName.of(item.recipientDomain()), item.at());
    }

    private static String error(Response response, int status, String message) {
        return JsonExchange.write(response, status, new PeerMessages.PeerError(message));
    }
}
