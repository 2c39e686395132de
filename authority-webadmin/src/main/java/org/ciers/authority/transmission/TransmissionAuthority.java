package org.ciers.authority.transmission;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.model.RegisteredDomain;
import org.ciers.authority.model.ReportState;
import org.ciers.authority.model.SpamReport;
import org.ciers.authority.model.Transmission;
import org.ciers.authority.model.TrustCounters;
import org.ciers.authority.security.SecretGenerator;
import org.ciers.authority.store.DomainStore;
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
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ReportToken;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.TrustValue;
import org.ciers.protocol.model.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * The three protocol operations of the authority (spec §3, §4, §5): authorise a transmission,
 * validate it once for the recipient's server, and take the recipient's verdict on it.
 * Each answers with the CIERS response to send, {@link ErrorResponse.RateLimited} included.
 */
@Singleton
public class TransmissionAuthority {
    private static final Logger LOGGER = LoggerFactory.getLogger(TransmissionAuthority.class);

    private final AuthorityConfiguration configuration;
    private final ServerAuthenticator authenticator;
    private final DomainStore domains;
    private final TransmissionStore transmissions;
    private final ReportStore reports;
    private final TrustCounterStore counters;
    private final SecretGenerator secrets;
    private final ReportNotifier notifier;
    private final Clock clock;

    @Inject
    public TransmissionAuthority(AuthorityConfiguration configuration, ServerAuthenticator authenticator,
                                 DomainStore domains, TransmissionStore transmissions, ReportStore reports,
                                 TrustCounterStore counters, SecretGenerator secrets, ReportNotifier notifier, Clock clock) {
        this.configuration = configuration;
        this.authenticator = authenticator;
        this.domains = domains;
        this.transmissions = transmissions;
        this.reports = reports;
        this.counters = counters;
        this.secrets = secrets;
        this.notifier = notifier;
        this.clock = clock;
    }

    public Mono<CiersResponse> authToSend(AuthToSendRequest request, String clientAddress) {
        return asServer(request.serverId(), request.passphrase(), clientAddress, new AuthToSendResponse.NotAuthorized(),
            sender -> grant(sender, request));
    }

    /** Runs {@code action} for an authenticated server; answers {@code refused} or rate_limited otherwise. */
    private Mono<CiersResponse> asServer(ServerId serverId, Passphrase passphrase, String clientAddress, CiersResponse refused,
                                         Function<RegisteredDomain, Mono<CiersResponse>> action) {
        return authenticator.authenticate(serverId, passphrase, clientAddress)
            .flatMap(authentication -> {
                if (authentication instanceof ServerAuthentication.Authenticated server) {
                    return action.apply(server.domain());
                }
                return Mono.just(authentication instanceof ServerAuthentication.RateLimited ? new ErrorResponse.RateLimited() : refused);
            });
    }

    private Mono<CiersResponse> grant(RegisteredDomain sender, AuthToSendRequest request) {
        return domains.byName(request.recipientDomain())
            .flatMap(recipient -> {
                Instant now = clock.instant();
                MessageId messageId = secrets.messageId(configuration.name());
                Transmission transmission = Transmission.issued(messageId, sender.serverId(), sender.name(),
                    recipient.name(), now, now.plus(configuration.transmissionExpiry()));
                return transmissions.issue(transmission)
                    .doOnSuccess(any -> LOGGER.info("auth_to_send granted: {} ({}) -> {}, message_id {}",
                        sender.name(), sender.serverId(), recipient.name(), messageId))
                    .thenReturn((CiersResponse) new AuthToSendResponse.Granted(recipient.serverId(), messageId, recipient.mxHosts()));
            })
            .switchIfEmpty(Mono.fromSupplier(() -> {
                LOGGER.info("auth_to_send: {} ({}) asked for unregistered domain {}", sender.name(), sender.serverId(), request.recipientDomain());
                return new AuthToSendResponse.DomainInvalid();
            }));
    }

    public Mono<CiersResponse> trustValue(TrustValueRequest request, String clientAddress) {
        return asServer(request.serverId(), request.passphrase(), clientAddress, new TrustValueResponse.NotAuthorized(),
            recipient -> validate(recipient, request));
    }

    private Mono<CiersResponse> validate(RegisteredDomain recipient, TrustValueRequest request) {
        Instant now = clock.instant();
        return transmissions.get(request.messageId())
            .filter(transmission -> transmission.senderServerId().equals(request.senderServerId())
                && transmission.recipientDomain().equals(recipient.name())
                && transmission.validation().isEmpty()
                && !transmission.isExpiredAt(now))
            .flatMap(transmission -> {
                ReportToken token = secrets.reportToken();
                return transmissions.markValidated(transmission.messageId(), new Transmission.Validation(now, token))
                    .filter(won -> won)
                    .flatMap(won -> counters.add(transmission.senderDomain(), TrustCounters.ONE_TRANSMISSION)
                        .then(counters.get(transmission.senderDomain())))
                    .map(senderCounters -> {
                        TrustValue trust = senderCounters.trustValue();
                        LOGGER.info("trust_value matched: message_id {} from {} validated by {}, trust {}",
                            transmission.messageId(), transmission.senderDomain(), recipient.name(), trust);
                        return (CiersResponse) new TrustValueResponse.ValidTransmission(transmission.senderServerId(),
                            transmission.senderDomain(), trust, token);
                    });
            })
            .switchIfEmpty(Mono.fromSupplier(() -> {
                LOGGER.info("trust_value refused: message_id {} asked by {} is unknown, used, expired or not theirs",
                    request.messageId(), recipient.name());
                return new TrustValueResponse.InvalidTransmission();
            }));
    }

    public Mono<CiersResponse> clientResponse(ClientResponseRequest request, String clientAddress) {
        if (request.credentials().isPresent()) {
            ClientResponseRequest.ServerCredentials credentials = request.credentials().get();
            return asServer(credentials.serverId(), credentials.passphrase(), clientAddress, new ClientResponseResponse.ResponseDenied(),
                reporter -> validatedTransmission(request)
                    .filter(transmission -> transmission.recipientDomain().equals(reporter.name()))
                    .flatMap(transmission -> applyVerdict(transmission, request.verdict()))
                    .switchIfEmpty(Mono.fromSupplier(ClientResponseResponse.ResponseDenied::new)));
        }
        if (authenticator.isAddressBlocked(clientAddress)) {
            return Mono.just(new ErrorResponse.RateLimited());
        }
        ReportToken presented = request.reportToken().orElseThrow();
        return validatedTransmission(request)
            .filter(transmission -> MessageDigest.isEqual(transmission.validation().get().reportToken().bytes(), presented.bytes()))
            .flatMap(transmission -> applyVerdict(transmission, request.verdict()))
            .switchIfEmpty(Mono.fromSupplier(() -> {
                authenticator.recordAddressFailure(clientAddress);
                return new ClientResponseResponse.ResponseDenied();
            }));
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
                        .then(counters.get(transmission.senderDomain()))
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
