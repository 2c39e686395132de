package org.ciers.smtp.metrics;

import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.client.AuthorityRejectedException;
import org.ciers.protocol.message.TrustValueRequest;
import org.ciers.protocol.message.TrustValueResponse;
import org.ciers.protocol.model.MessageId;
import org.ciers.smtp.module.MtaConfiguration;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /healthcheck/checks/CIERS%20authority}: asks the authority about a message ID that
 * cannot exist, with this server's credentials. The answer proves that the authority is reachable
 * within {@code mta.authority.timeout}, that its store answers, and that it accepts this server's
 * server ID and passphrase; nothing is logged as a transmission.
 */
public class AuthorityHealthCheck implements HealthCheck {
    public static final ComponentName COMPONENT = new ComponentName("CIERS authority");
    static final MessageId PROBE = MessageId.of("healthcheck.HEALTHCHECKHEALTHCHECKHEALTHCHECK");

    private final AuthorityClient authority;
    private final MtaConfiguration configuration;

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
        TrustValueRequest request = new TrustValueRequest(configuration.serverId(), configuration.passphrase(), configuration.serverId(), PROBE);
        try {
            TrustValueResponse answer = authority.trustValue(request).get(configuration.authorityTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
            if (answer instanceof TrustValueResponse.NotAuthorized) {
                return Result.unhealthy(COMPONENT, "the authority refuses this server's credentials (" + configuration.serverId() + ")");
            }
            return Result.healthy(COMPONENT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.unhealthy(COMPONENT, "interrupted");
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof AuthorityRejectedException rejected) {
                return Result.unhealthy(COMPONENT, "the authority refused the probe: " + rejected.getMessage());
            }
            return Result.unhealthy(COMPONENT, "the authority is unreachable at " + configuration.clientSettings().baseUrl() + ": "
                + cause.getMessage());
        }
    }
}
