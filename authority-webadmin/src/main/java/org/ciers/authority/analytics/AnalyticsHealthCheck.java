package org.ciers.authority.analytics;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /healthcheck/checks/CIERS%20analytics} (healthcheck.properties {@code additional.healthchecks}):
 * degraded while the index does not take what waits, naming why and how much waits; healthy
 * otherwise, analytics off included. It reads what the forwarder saw: the check asks the index nothing.
 */
public class AnalyticsHealthCheck implements HealthCheck {
    public static final ComponentName COMPONENT = new ComponentName("CIERS analytics");

    private final Analytics analytics;

    @Inject
    public AnalyticsHealthCheck(Analytics analytics) {
        this.analytics = analytics;
    }

    @Override
    public ComponentName componentName() {
        return COMPONENT;
    }

    @Override
    public Publisher<Result> check() {
        return analytics.failure()
            .map(reason -> Mono.fromCallable(analytics::pending)
                .subscribeOn(Schedulers.boundedElastic())
                .map(pending -> Result.degraded(COMPONENT, "the index does not answer (" + pending + " record(s) waiting): " + reason))
                .onErrorResume(failure -> Mono.just(Result.degraded(COMPONENT, "the index does not answer: " + reason))))
            .orElseGet(() -> Mono.just(Result.healthy(COMPONENT)));
    }
}
