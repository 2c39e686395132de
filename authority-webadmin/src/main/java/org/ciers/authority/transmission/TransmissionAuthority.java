package org.ciers.authority.transmission;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.model.RegisteredDomain;
import org.ciers.authority.model.ReportState;
import org.ciers.authority.model.SpamReport;
import org.ciers.authority.model.Transmission;
import org.ciers.authority.model.TrustCounters;
import org.ciers.authority.model.ValidationReceipt;
import org.ciers.authority.security.SecretGenerator;
import org.ciers.authority.shared.AuditTrail;
import org.ciers.authority.signing.SigningKeyCustody;
import org.ciers.authority.store.DomainStore;
import org.ciers.authority.store.ReceiptStore;
import org.ciers.authority.store.ReportStore;
import org.ciers.authority.store.TransmissionStore;
import org.ciers.authority.store.TrustCounterStore;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.CiersResponse;
import org.ciers.protocol.message.ClientResponseRequest;
import org.ciers.protocol.message.ClientResponseResponse;
import org.ciers.protocol.message.ErrorResponse;
import org.ciers.protocol.message.TrustValueRequest;
import org.ciers.protocol.message.TrustValueResponse;
import org.ciers.protocol.message.ValidationReceiptsRequest;
import org.ciers.protocol.message.ValidationReceiptsResponse;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ReportToken;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.TrustValue;
import org.ciers.protocol.model.Verdict;
import org.ciers.protocol.signed.SignedMessageId;
import org.ciers.protocol.signed.SigningKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The protocol operations of the authority (spec §3, §4, §5, §10): authorise a transmission with
 * signed message IDs, validate it once for the recipient's server (online), count the receipts of
 * offline validations, and take the recipient's verdict on it.
 * Each answers with the CIERS response to send, {@link ErrorResponse.RateLimited} included.
 */
@Singleton
public class TransmissionAuthority {
    private static final Logger LOGGER = LoggerFactory.getLogger(TransmissionAuthority.class);
    /** How far past an ID's expiry a receiving server's clock may have validated it. */
    public static final Duration RECEIPT_CLOCK_SKEW = Duration.ofMinutes(5);
    /**
     * The audit action of a request with receipts answered duplicate: a batch retried after a lost
     * answer, or the same ID validated at two MX hosts of one domain (each has its own replay cache).
     * The operator reads them in the audit trail; the count is unchanged.
     */
    public static final String DUPLICATE_RECEIPT = "receipts.duplicate";
    /** The duplicate IDs an audit entry names, the first of its request. */
    static final int AUDITED_DUPLICATE_IDS = 10;

    private final AuthorityConfiguration configuration;
    private final ServerAuthenticator authenticator;
    private final DomainStore domains;
    private final TransmissionStore transmissions;
    private final ReportStore reports;
    private final TrustCounterStore counters;
    private final SecretGenerator secrets;
    private final ReportNotifier notifier;
    private final SigningKeyCustody signingKeys;
    private final SenderTrust senderTrust;
    private final ReceiptStore receipts;
    private final AuditTrail audit;
    private final PeerAuthorities peers;
    private final Clock clock;
    /** One generator per thread: the default one reads /dev/urandom under one lock, which every request thread would queue on. */
    private static final ThreadLocal<SecureRandom> NONCES = ThreadLocal.withInitial(TransmissionAuthority::nonceGenerator);

    @Inject
    public TransmissionAuthority(AuthorityConfiguration configuration, ServerAuthenticator authenticator,
                                 DomainStore domains, TransmissionStore transmissions, ReportStore reports,
                                 TrustCounterStore counters, SecretGenerator secrets, ReportNotifier notifier,
                                 SigningKeyCustody signingKeys, SenderTrust senderTrust, ReceiptStore receipts, AuditTrail audit,
                                 PeerAuthorities peers, Clock clock) {
        this.configuration = configuration;
        this.authenticator = authenticator;
        this.domains = domains;
        this.transmissions = transmissions;
        this.reports = reports;
        this.counters = counters;
        this.secrets = secrets;
        this.notifier = notifier;
        this.signingKeys = signingKeys;
        this.senderTrust = senderTrust;
        this.receipts = receipts;
        this.audit = audit;
        this.peers = peers;
        this.clock = clock;
    }

    public Mono<CiersResponse> authToSend(AuthToSendRequest request, String clientAddress) {
        return asServer(request.serverId(), request.passphrase(), clientAddress, new AuthToSendResponse.NotAuthorized(),
            sender -> grant(sender, request));
    }

    /**
     * Runs {@code action} for an authenticated server; answers {@code refused} or rate_limited
     * otherwise, and {@code refused} to a server whose organization is suspended.
     */
    private Mono<CiersResponse> asServer(ServerId serverId, Passphrase passphrase, String clientAddress, CiersResponse refused,
                                         Function<RegisteredDomain, Mono<CiersResponse>> action) {
        return authenticator.authenticate(serverId, passphrase, clientAddress)
            .flatMap(authentication -> {
                if (authentication instanceof ServerAuthentication.Authenticated server) {
                    if (server.domain().suspended()) {
                        LOGGER.info("CIERS: server {} of {} refused: its organization is suspended", serverId, server.domain().name());
                        return Mono.just(refused);
                    }
                    return action.apply(server.domain());
                }
                return Mono.just(authentication instanceof ServerAuthentication.RateLimited ? new ErrorResponse.RateLimited() : refused);
            });
    }

    /**
     * Signs as many message IDs as asked (spec §10), each carrying the sender's trust at issue. Nothing
     * is logged per ID: the signature proves the issue to whoever later presents it (online
     * trust_value, receipts, reports), and only a validation is worth a row.
     */
    private Mono<CiersResponse> grant(RegisteredDomain sender, AuthToSendRequest request) {
        return domains.byName(request.recipientDomain())
            .map(recipient -> new PeerAuthorities.Recipient(recipient.name(), recipient.serverId(), recipient.mxHosts()))
            // spec §7: a domain registered with a peer is answered as one of ours, the IDs signed here
            .switchIfEmpty(Mono.defer(() -> peers.recipient(request.recipientDomain())).flatMap(Mono::justOrEmpty))
            .flatMap(recipient -> senderTrust.forIssue(sender.name()).map(trust -> {
                Instant expiresAt = clock.instant().plus(configuration.transmissionExpiry());
                SigningKey key = signingKeys.current();
                List<MessageId> messageIds = new ArrayList<>(request.count());
                for (int i = 0; i < request.count(); i++) {
                    messageIds.add(SignedMessageId.issue(configuration.name(), key, sender.serverId(), recipient.name(),
                        expiresAt, trust, NONCES.get()).id());
                }
                LOGGER.info("auth_to_send granted: {} ({}) -> {}, {} message ID(s), first {}",
                    sender.name(), sender.serverId(), recipient.name(), messageIds.size(), messageIds.get(0));
                return (CiersResponse) new AuthToSendResponse.Granted(recipient.serverId(), messageIds, recipient.mxHosts());
            }))
            .switchIfEmpty(Mono.fromSupplier(() -> {
                LOGGER.info("auth_to_send: {} ({}) asked for unregistered domain {}", sender.name(), sender.serverId(), request.recipientDomain());
                return new AuthToSendResponse.DomainInvalid();
            }));
    }

    public Mono<CiersResponse> trustValue(TrustValueRequest request, String clientAddress) {
        return asServer(request.serverId(), request.passphrase(), clientAddress, new TrustValueResponse.NotAuthorized(),
            recipient -> peers.isForeign(request.messageId())
                ? peers.trustValue(recipient, request.messageId(), request.senderServerId())
                : validate(recipient.name(), request.messageId(), request.senderServerId()));
    }

    /** {@link #trustValue} for a recipient's server registered with the peer that asks (spec §7); the peer checked the domain is its. */
    public Mono<CiersResponse> trustValueForPeer(DomainName recipient, MessageId messageId, ServerId senderServerId) {
        return validate(recipient, messageId, senderServerId);
    }

    /**
     * The single match of an ID this authority signed for the asking recipient's domain and the
     * named sender, unexpired, whose sender is not suspended: recorded once, counted once.
     */
    private Mono<CiersResponse> validate(DomainName recipient, MessageId messageId, ServerId senderServerId) {
        Instant now = clock.instant();
        return signedFor(messageId, recipient)
            .filter(transmission -> transmission.senderServerId().equals(senderServerId) && !transmission.isExpiredAt(now))
            // the IDs a suspended sender still holds are refused too
            .filterWhen(transmission -> domains.byName(transmission.senderDomain()).map(sender -> !sender.suspended()).defaultIfEmpty(false))
            .flatMap(transmission -> {
                ReportToken token = secrets.reportToken();
                return transmissions.recordValidation(transmission.validated(Transmission.Validation.of(now, token)))
                    .filter(won -> won)
                    .flatMap(won -> counters.add(transmission.senderDomain(), TrustCounters.ONE_TRANSMISSION)
                        .then(senderTrust.counters(transmission.senderDomain())))
                    .map(senderCounters -> {
                        TrustValue trust = senderCounters.trustValue();
                        LOGGER.info("trust_value matched: message_id {} from {} validated by {}, trust {}",
                            transmission.messageId(), transmission.senderDomain(), recipient, trust);
                        return (CiersResponse) new TrustValueResponse.ValidTransmission(transmission.senderServerId(),
                            transmission.senderDomain(), trust, token);
                    });
            })
            .switchIfEmpty(Mono.fromSupplier(() -> {
                LOGGER.info("trust_value refused: message_id {} asked by {} is unknown, used, expired or not theirs",
                    messageId, recipient);
                return new TrustValueResponse.InvalidTransmission();
            }));
    }

    /**
     * The transmission a message ID stands for, when this authority signed it (with a key it still
     * holds) for mail to {@code recipient} from a registered server: read from the ID, its sender's
     * domain from the server ID it names. Its issue time is its expiry less the IDs' lifetime.
     */
    private Mono<Transmission> signedFor(MessageId messageId, DomainName recipient) {
        Optional<SignedMessageId> signed = SignedMessageId.parse(messageId);
        if (signed.isEmpty() || !signed.get().id().authority().equals(configuration.name()) || !signed.get().isFor(recipient)
            || !signingKeys.signed(signed.get())) {
            return Mono.empty();
        }
        Instant expiresAt = signed.get().expiresAt();
        return Mono.justOrEmpty(signed.get().sender())
            .flatMap(domains::byServerId)
            .map(sender -> Transmission.issued(messageId, sender.serverId(), sender.name(), recipient,
                expiresAt.minus(configuration.transmissionExpiry()), expiresAt));
    }

    public Mono<CiersResponse> clientResponse(ClientResponseRequest request, String clientAddress) {
        if (request.credentials().isPresent()) {
            ClientResponseRequest.ServerCredentials credentials = request.credentials().get();
            return asServer(credentials.serverId(), credentials.passphrase(), clientAddress, new ClientResponseResponse.ResponseDenied(),
                reporter -> peers.isForeign(request.messageId())
                    ? peers.verdict(reporter, request.messageId(), request.senderServerId(), request.verdict() == Verdict.SPAM)
                        .map(queued -> queued ? new ClientResponseResponse.ResponseAccepted() : new ClientResponseResponse.ResponseDenied())
                    : verdictOf(reporter.name(), request.messageId(), request.senderServerId(), request.verdict()));
        }
        if (authenticator.isAddressBlocked(clientAddress)) {
            return Mono.just(new ErrorResponse.RateLimited());
        }
        ReportToken presented = request.reportToken().orElseThrow();
        return validatedTransmission(request)
            .filter(transmission -> transmission.validation().get().acceptsReportToken(presented))
            .flatMap(transmission -> applyVerdict(transmission, request.verdict()))
            .switchIfEmpty(Mono.fromSupplier(() -> {
                authenticator.recordAddressFailure(clientAddress);
                return new ClientResponseResponse.ResponseDenied();
            }));
    }

    /** The verdict of a recipient's server on one of this authority's IDs: accepted when the message is one it may report on. */
    private Mono<CiersResponse> verdictOf(DomainName reporter, MessageId messageId, ServerId senderServerId, Verdict verdict) {
        return reportableBy(reporter, messageId, senderServerId)
            .flatMap(transmission -> applyVerdict(transmission, verdict))
            .switchIfEmpty(Mono.fromSupplier(ClientResponseResponse.ResponseDenied::new));
    }

    /** {@link #verdictOf} for a recipient's server registered with the peer that forwards it (spec §7). */
    public Mono<Boolean> verdictForPeer(DomainName reporter, MessageId messageId, ServerId senderServerId, Verdict verdict) {
        return verdictOf(reporter, messageId, senderServerId, verdict).map(ClientResponseResponse.ResponseAccepted.class::isInstance);
    }

    /**
     * The transmission the recipient's server may report on: validated online, or with a receipt of
     * an offline validation. A signed ID whose receipt is still on its way is receipted by the
     * report itself (spec §10: a report never fails because its receipt is queued), as long as
     * {@link #stillReceiptable} says a receipt may be.
     */
    private Mono<Transmission> reportableBy(DomainName reporter, MessageId messageId, ServerId senderServerId) {
        return transmissions.get(messageId)
            .filter(transmission -> transmission.senderServerId().equals(senderServerId)
                && transmission.recipientDomain().equals(reporter))
            .switchIfEmpty(Mono.defer(() -> signedFor(messageId, reporter)
                .filter(transmission -> transmission.senderServerId().equals(senderServerId))
                .filterWhen(transmission -> receipts.get(transmission.messageId()).hasElement().flatMap(receipted -> {
                    Instant now = clock.instant();
                    if (receipted) {
                        return Mono.just(true);
                    }
                    if (!stillReceiptable(transmission, now)) {
                        return Mono.just(false);
                    }
                    return receipts.record(new ValidationReceipt(transmission.messageId(), transmission.senderDomain(),
                        reporter, now, now)).thenReturn(true);
                }))));
    }

    /**
     * Receipts of offline validations (spec §10): each counted once, answered counted, duplicate or
     * invalid. The batch is checked here and recorded in one call, which a store may serve in a few
     * round trips.
     */
    public Mono<CiersResponse> validationReceipts(ValidationReceiptsRequest request, String clientAddress) {
        return asServer(request.serverId(), request.passphrase(), clientAddress, new ValidationReceiptsResponse.NotAuthorized(),
            recipient -> {
                List<ValidationReceiptsRequest.Receipt> own = request.receipts().stream()
                    .filter(receipt -> !peers.isForeign(receipt.messageId())).toList();
                List<ValidationReceiptsRequest.Receipt> foreign = request.receipts().stream()
                    .filter(receipt -> peers.isForeign(receipt.messageId()))
                    .toList();
                return Mono.zip(countReceipts(recipient.name(), own),
                        foreign.isEmpty() ? Mono.just(List.<ValidationReceiptsResponse.Outcome>of()) : peers.receipts(recipient, foreign))
                    .map(counted -> inRequestOrder(request, counted.getT1(), counted.getT2()))
                    .flatMap(outcomes -> auditDuplicates(request, outcomes).thenReturn(outcomes))
                    .map(outcomes -> {
                        LOGGER.info("validation_receipts from {}: {}", recipient.name(), outcomes.stream()
                            .collect(Collectors.groupingBy(ValidationReceiptsResponse.ReceiptOutcome::outcome, Collectors.counting())));
                        return (CiersResponse) new ValidationReceiptsResponse.Answered(outcomes);
                    });
            });
    }

    /**
     * Counts receipts of this authority's own IDs validated by a server of {@code recipient}; answers
     * per receipt, in order, counted, duplicate or invalid. Shared by this authority's servers and a
     * peer forwarding its servers' receipts (spec §7).
     */
    public Mono<List<ValidationReceiptsResponse.Outcome>> countReceipts(DomainName recipient, List<ValidationReceiptsRequest.Receipt> batch) {
        if (batch.isEmpty()) {
            return Mono.just(List.of());
        }
        return Flux.fromIterable(batch)
            .concatMap(receipt -> toRecord(recipient, receipt).map(Optional::of).defaultIfEmpty(Optional.empty()))
            .collectList()
            .flatMap(checked -> receipts.recordAll(checked.stream().flatMap(Optional::stream).toList())
                .map(firsts -> outcomes(checked, firsts)));
    }

    /** The outcomes of own and foreign receipts put back in the request's order (a foreign receipt taken for its issuer is counted). */
    private List<ValidationReceiptsResponse.ReceiptOutcome> inRequestOrder(ValidationReceiptsRequest request,
                                                                           List<ValidationReceiptsResponse.Outcome> own,
                                                                           List<ValidationReceiptsResponse.Outcome> foreign) {
        List<ValidationReceiptsResponse.ReceiptOutcome> outcomes = new ArrayList<>(request.receipts().size());
        int ownAt = 0;
        int foreignAt = 0;
        for (ValidationReceiptsRequest.Receipt receipt : request.receipts()) {
            ValidationReceiptsResponse.Outcome outcome = peers.isForeign(receipt.messageId()) ? foreign.get(foreignAt++) : own.get(ownAt++);
            outcomes.add(new ValidationReceiptsResponse.ReceiptOutcome(receipt.messageId(), outcome));
        }
        return outcomes;
    }

    /**
     * One audit entry per request that had duplicates, naming the first few IDs: a server posting the
     * same receipts again and again adds a line per request, not one per receipt. The answer does not
     * wait on the audit trail's health: the receipts are recorded already.
     */
    private Mono<Void> auditDuplicates(ValidationReceiptsRequest request, List<ValidationReceiptsResponse.ReceiptOutcome> outcomes) {
        List<String> duplicates = outcomes.stream()
            .filter(outcome -> outcome.outcome() == ValidationReceiptsResponse.Outcome.DUPLICATE)
            .map(outcome -> outcome.messageId().asString())
            .toList();
        if (duplicates.isEmpty()) {
            return Mono.empty();
        }
        String subject = duplicates.size() + " of " + outcomes.size() + ": " + String.join(" ",
            duplicates.subList(0, Math.min(AUDITED_DUPLICATE_IDS, duplicates.size())));
        return audit.record("server " + request.serverId().asString(), DUPLICATE_RECEIPT, subject)
            .onErrorResume(failure -> {
                LOGGER.warn("validation_receipts: could not audit {} duplicate receipts from {}: {}", duplicates.size(),
                    request.serverId(), failure.toString());
                return Mono.empty();
            });
    }

    /** Per receipt in the batch's order: invalid where nothing was recorded, else counted or duplicate as the store answered. */
    private static List<ValidationReceiptsResponse.Outcome> outcomes(List<Optional<ValidationReceipt>> checked, List<Boolean> firsts) {
        List<ValidationReceiptsResponse.Outcome> outcomes = new ArrayList<>(checked.size());
        int recorded = 0;
        for (Optional<ValidationReceipt> receipt : checked) {
            outcomes.add(receipt.isEmpty() ? ValidationReceiptsResponse.Outcome.INVALID
                : firsts.get(recorded++) ? ValidationReceiptsResponse.Outcome.COUNTED : ValidationReceiptsResponse.Outcome.DUPLICATE);
        }
        return outcomes;
    }

    /**
     * Whether a receipt for this ID may still be recorded: until its issue plus the retention. A
     * receipt is kept for the retention from its arrival, never before the issue, so one recorded
     * in this window is still there whenever the same ID comes again within it: it is counted once.
     */
    private boolean stillReceiptable(Transmission transmission, Instant now) {
        return !now.isAfter(transmission.issuedAt().plus(configuration.transmissionRetention()));
    }

    /** The receipt to keep, when its ID is one this authority signed for the recipient's domain and a known sender; else empty. */
    private Mono<ValidationReceipt> toRecord(DomainName recipient, ValidationReceiptsRequest.Receipt receipt) {
        Instant now = clock.instant();
        return signedFor(receipt.messageId(), recipient)
            .filter(transmission -> stillReceiptable(transmission, now))
            .filter(transmission -> !receipt.validatedAt().isAfter(transmission.expiresAt().plus(RECEIPT_CLOCK_SKEW)))
            .map(transmission -> new ValidationReceipt(receipt.messageId(), transmission.senderDomain(), recipient,
                receipt.validatedAt(), clock.instant()));
    }

    private static SecureRandom nonceGenerator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    private Mono<Transmission> validatedTransmission(ClientResponseRequest request) {
        return transmissions.get(request.messageId())
            .filter(transmission -> transmission.validation().isPresent()
                && transmission.senderServerId().equals(request.senderServerId()));
    }

    private Mono<CiersResponse> applyVerdict(Transmission transmission, Verdict verdict) {
        Instant now = clock.instant();
        Mono<Void> effect = verdict == Verdict.SPAM ? report(transmission, now) : refute(transmission, now);
        return effect.thenReturn(new ClientResponseResponse.ResponseAccepted());
    }

    /** One standing report per message: a repeated report changes nothing, a refuted one stands again. */
    private Mono<Void> report(Transmission transmission, Instant now) {
        SpamReport report = SpamReport.standing(transmission, now);
        return reports.file(report)
            .flatMap(filed -> {
                if (filed) {
                    LOGGER.info("spam report filed: message_id {} from {}", transmission.messageId(), transmission.senderDomain());
                    return counters.add(transmission.senderDomain(), TrustCounters.ONE_REPORT)
                        .then(senderTrust.counters(transmission.senderDomain()))
                        // the answer does not wait for the mail
                        .doOnNext(trust -> notifier.reportFiled(report, trust.trustValue()).subscribe())
                        .then();
                }
                return reports.changeState(transmission.messageId(), ReportState.REFUTED, ReportState.STANDING, now)
                    .flatMap(reinstated -> reinstated
                        ? counters.add(transmission.senderDomain(), TrustCounters.ONE_REINSTATEMENT)
                        : Mono.empty());
            });
    }

    /** A standing report becomes refuted; with no report there is nothing to refute. */
    private Mono<Void> refute(Transmission transmission, Instant now) {
        return reports.changeState(transmission.messageId(), ReportState.STANDING, ReportState.REFUTED, now)
            .flatMap(refuted -> {
                if (refuted) {
                    LOGGER.info("spam report refuted: message_id {} from {}", transmission.messageId(), transmission.senderDomain());
                    return counters.add(transmission.senderDomain(), TrustCounters.ONE_REFUTATION);
                }
                return Mono.empty();
            });
    }
}
