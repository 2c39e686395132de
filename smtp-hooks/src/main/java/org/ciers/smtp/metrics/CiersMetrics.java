package org.ciers.smtp.metrics;

import java.util.function.Supplier;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;

/**
 * The CIERS paths in James's metrics: a timer per authority call, and a counter per outcome.
 * Names (Prometheus: dashes become underscores) are documented in docs/rmta.md and docs/smta.md.
 */
@Singleton
public class CiersMetrics {
    public static final String AUTH_TO_SEND_TIMER = "ciers-authority-auth_to_send";
    public static final String TRUST_VALUE_TIMER = "ciers-authority-trust_value";
    public static final String RMTA_ACCEPTED = "ciers-rmta-accepted";
    public static final String RMTA_DENIED = "ciers-rmta-denied";
    public static final String RMTA_UNAVAILABLE = "ciers-rmta-unavailable";
    public static final String SMTA_CIERS = "ciers-smta-with-ciers";
    public static final String SMTA_WITHOUT_CIERS = "ciers-smta-without-ciers";
    public static final String SMTA_UNAVAILABLE = "ciers-smta-unavailable";

    private final MetricFactory metricFactory;
    private final Metric rmtaAccepted;
    private final Metric rmtaDenied;
    private final Metric rmtaUnavailable;
    private final Metric smtaCiers;
    private final Metric smtaWithoutCiers;
    private final Metric smtaUnavailable;

    @Inject
    public CiersMetrics(MetricFactory metricFactory) {
        this.metricFactory = metricFactory;
        this.rmtaAccepted = metricFactory.generate(RMTA_ACCEPTED);
        this.rmtaDenied = metricFactory.generate(RMTA_DENIED);
        this.rmtaUnavailable = metricFactory.generate(RMTA_UNAVAILABLE);
        this.smtaCiers = metricFactory.generate(SMTA_CIERS);
        this.smtaWithoutCiers = metricFactory.generate(SMTA_WITHOUT_CIERS);
        this.smtaUnavailable = metricFactory.generate(SMTA_UNAVAILABLE);
    }

    public <T> T timeAuthToSend(Supplier<T> call) {
        return metricFactory.decorateSupplierWithTimerMetric(AUTH_TO_SEND_TIMER, call);
    }

    public <T> T timeTrustValue(Supplier<T> call) {
        return metricFactory.decorateSupplierWithTimerMetric(TRUST_VALUE_TIMER, call);
    }

    /** RMTA: a CIERS line answered 250 (validated). */
    public void accepted() {
        rmtaAccepted.increment();
    }

    /** RMTA: a CIERS line answered 550 (the authority does not know the transmission). */
    public void denied() {
        rmtaDenied.increment();
    }

    /** RMTA: a CIERS line answered 454 (the authority unreachable, slow or failing). */
    public void unavailable() {
        rmtaUnavailable.increment();
    }

    /** SMTA: a transaction went on with CIERS accepted. */
    public void sentWithCiers() {
        smtaCiers.increment();
    }

    /** SMTA: a transaction went on without CIERS (recipient not registered, no CIERS offered: spec §3 fallbacks). */
    public void sentWithoutCiers() {
        smtaWithoutCiers.increment();
    }

    /** SMTA: the authority could not be asked; the message stays queued or goes plain, per configuration. */
    public void authorityUnavailable() {
        smtaUnavailable.increment();
    }
}
