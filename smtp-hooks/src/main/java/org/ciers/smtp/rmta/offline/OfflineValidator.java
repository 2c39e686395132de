package org.ciers.smtp.rmta.offline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.protocol.message.InitiateSendRequest;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.TrustValue;
import org.ciers.protocol.signed.SignedMessageId;
import org.ciers.smtp.metrics.CiersMetrics;
import org.ciers.smtp.mta.MtaConfiguration;
import org.ciers.smtp.rmta.CiersValidation;

/**
 * Checks a message ID at the {@code initiate_send} line without the authority (spec §10): it is a
 * signed ID of the authority whose key set this server holds or of a peer it relays, signed by a listed key that is not
 * retired, issued for a domain this server receives for and to the sender presenting it, not
 * expired (allowing {@code rmta.validation.clock.skew}) and not seen before. The cheap checks come
 * before the key lookup and the signature, and the replay cache is consulted last, so that only an
 * ID that passed everything is remembered.
 */
@Singleton
public class OfflineValidator {
    private final AuthorityKeys authorityKeys;
    private final ReceivingDomains receivingDomains;
    private final ReplayCache replays;
    private final Duration clockSkew;
    private final CiersMetrics metrics;
    private final Clock clock;

    @Inject
    public OfflineValidator(AuthorityKeys authorityKeys, ReceivingDomains receivingDomains, MtaConfiguration configuration,
                            CiersMetrics metrics, Clock clock) {
        this.authorityKeys = authorityKeys;
        this.receivingDomains = receivingDomains;
        this.replays = new ReplayCache(configuration.validation().replayCapacity());
        this.clockSkew = configuration.validation().clockSkew();
        this.metrics = metrics;
        this.clock = clock;
        metrics.replayCacheSize(replays::held);
    }

    public OfflineVerdict validate(InitiateSendRequest initiateSend) {
        Instant now = clock.instant();
        Optional<SignedMessageId> parsed = SignedMessageId.parse(initiateSend.messageId());
        if (parsed.isEmpty()) {
            return unverifiable("not a signed ID");
        }
        Optional<KeySet> keys = authorityKeys.current(now);
        if (keys.isEmpty()) {
            return unverifiable("the authority's key set cannot be had");
        }
        Optional<List<DomainName>> domains = receivingDomains.current(now);
        if (domains.isEmpty()) {
            return unverifiable("the domain list cannot be read");
        }
        SignedMessageId id = parsed.get();
        // a skewed clock must not refuse what the authority's clock still accepts
        Instant skewedNow = now.minus(clockSkew);
        if (!id.senderServerId().equals(initiateSend.serverId().asString())) {
            return denied("issued to another sender than " + initiateSend.serverId());
        }
        if (id.isExpiredAt(skewedNow)) {
            return denied("expired at " + id.expiresAt());
        }
        // a peer the authority took on since this server fetched its key set is in the set fetched now (at most once per interval)
        Optional<KeySet> issuer = keys.get().ofIssuer(id.id().authority())
            .or(() -> authorityKeys.refetch(now).flatMap(refetched -> refetched.ofIssuer(id.id().authority())));
        if (issuer.isEmpty()) {
            return denied("issued by " + id.id().authority() + ", neither this server's authority " + keys.get().authority()
                + " nor one of its peers");
        }
        if (issuer.get().isSuspended(initiateSend.serverId())) {
            return denied("its sender's organization is suspended");
        }
        Optional<KeySet.ListedKey> key = issuer.get().key(id.keyId())
            .or(() -> authorityKeys.refetch(now).flatMap(refetched -> refetched.ofIssuer(id.id().authority()))
                .flatMap(refetched -> refetched.key(id.keyId())));
        if (key.isEmpty()) {
            return denied("key ID " + Integer.toUnsignedString(id.keyId()) + " is not in the key set of " + id.id().authority());
        }
        if (key.get().listedUntil().filter(until -> !skewedNow.isBefore(until)).isPresent()) {
            return denied("key ID " + Integer.toUnsignedString(id.keyId()) + " is retired");
        }
        if (!id.verifiedBy(key.get().publicKey())) {
            return denied("the signature does not hold");
        }
        if (domains.get().stream().noneMatch(id::isFor)) {
            return denied("issued for a domain this server does not receive for");
        }
        Optional<TrustValue> trust = id.trustValue();
        if (trust.isEmpty()) {
            return denied("its trust value is out of range");
        }
        return switch (replays.admit(id.id(), id.expiresAt().plus(clockSkew), now)) {
            case FIRST_PRESENTATION -> {
                metrics.offlineAccepted();
                yield new OfflineVerdict.Accepted(CiersValidation.offline(initiateSend.serverId(), id.id(), trust.get()), now);
            }
            case REPLAY -> {
                metrics.replayHit();
                yield denied("presented before");
            }
            case FULL -> {
                metrics.replayCacheFull();
                yield new OfflineVerdict.ReplayCacheFull();
            }
        };
    }

    /** Lets the ID be presented again: its acceptance could not be recorded, so it was not accepted. */
    public void forget(MessageId id) {
        replays.forget(id);
    }

    private OfflineVerdict denied(String reason) {
        metrics.offlineDenied();
        return new OfflineVerdict.Denied(reason);
    }

    private OfflineVerdict unverifiable(String reason) {
        metrics.offlineFallback();
        return new OfflineVerdict.Unverifiable(reason);
    }
}
