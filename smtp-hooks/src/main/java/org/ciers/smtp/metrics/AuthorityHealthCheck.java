package org.ciers.smtp.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.client.AuthorityRejectedException;
import org.ciers.protocol.client.AuthorityUnavailableException;
import org.ciers.protocol.message.TrustValueRequest;
import org.ciers.protocol.message.TrustValueResponse;
import org.ciers.protocol.model.MessageId;
import org.ciers.smtp.mta.MtaConfiguration;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /healthcheck/checks/CIERS%20authority}: asks the authority about a message ID that
 * cannot exist, with this server's credentials. The answer proves that the authority is reachable
 * within {@code mta.authority.timeout}, that its store answers, and that it accepts this server's
 * server ID and passphrase; nothing is logged as a transmission. A refusal of the credentials is
 * remembered for {@link #REFUSAL_KEPT}: health checks polled every few seconds must not spend the
 * authority's failed-authentication allowance (of this server ID, and of this address, which other
 * servers may share) on credentials already known to be wrong.
 */
public class AuthorityHealthCheck implements HealthCheck {
    public static final ComponentName COMPONENT = new ComponentName("CIERS authority");
    static final MessageId PROBE = MessageId.of("healthcheck.HEALTHCHECKHEALTHCHECKHEALTHCHECK");
    /** The authority's failed-authentication window (its default). */
    static final Duration REFUSAL_KEPT = Duration.ofMinutes(5);

    private final AuthorityClient authority;
    private final MtaConfiguration configuration;
    private volatile Optional<Refusal> refusal = Optional.empty();

    private record Refusal(Result result, Instant until) {
    }

    @Inject
    public AuthorityHealthCheck(AuthorityClient authority, MtaConfiguration configuration) {
        this.authority = authority;
        this.configuration = configuration;
    }

    @Override
    public ComponentName componentName() {
        return COMPONENT;
    }

    @Override
    public Publisher<Result> check() {
        return Mono.fromCallable(this::probe)
            // the client blocks its caller for one round trip
            .subscribeOn(Schedulers.boundedElastic());
    }

    private Result probe() {
        Optional<Refusal> known = refusal.filter(kept -> Instant.now().isBefore(kept.until()));
        if (known.isPresent()) {
            return known.get().result();
        }
        return ask();
    }

    /** The authority said no to this server: kept, so that polling does not ask again for a while. */
    private Result refused(String reason) {
        Result result = Result.unhealthy(COMPONENT, "the authority refuses " + reason);
        refusal = Optional.of(new Refusal(result, Instant.now().plus(REFUSAL_KEPT)));
        return result;
    }

    private Result ask() {
        TrustValueRequest request = new TrustValueRequest(configuration.serverId(), configuration.passphrase(), configuration.serverId(), PROBE);
        try {
            // bounded by the client's timeout (mta.authority.timeout)
            TrustValueResponse answer = authority.trustValue(request);
            if (answer instanceof TrustValueResponse.NotAuthorized) {
                return refused("this server's credentials (" + configuration.serverId() + ")");
            }
            return Result.healthy(COMPONENT);
        } catch (AuthorityRejectedException rejected) {
            return refused("the probe: " + rejected.getMessage());
        } catch (AuthorityUnavailableException unavailable) {
            return Result.unhealthy(COMPONENT, "the authority is unreachable at " + configuration.authorityUrl() + ": "
                + unavailable.getMessage());
        }
    }
}
