package org.ciers.smtp.metrics;

import java.util.function.Supplier;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.ciers.protocol.client.MessageIdPool;

/**
 * The CIERS paths in James's metrics: a timer per authority call, a counter per outcome, and the
 * sending side's message ID pool. Names (Prometheus: dashes become underscores) are documented in
 * docs/rmta.md and docs/smta.md.
 */
@Singleton
public class CiersMetrics implements MessageIdPool.Observer {
    public static final String AUTH_TO_SEND_TIMER = "ciers-authority-auth_to_send";
    public static final String TRUST_VALUE_TIMER = "ciers-authority-trust_value";
    public static final String RMTA_ACCEPTED = "ciers-rmta-accepted";
    public static final String RMTA_DENIED = "ciers-rmta-denied";
    public static final String RMTA_UNAVAILABLE = "ciers-rmta-unavailable";
    public static final String SMTA_CIERS = "ciers-smta-with-ciers";
    public static final String SMTA_WITHOUT_CIERS = "ciers-smta-without-ciers";
    public static final String SMTA_UNAVAILABLE = "ciers-smta-unavailable";
    public static final String POOL_TAKEN = "ciers-smta-pool-taken";
    public static final String POOL_ASKED = "ciers-smta-pool-asked";
    public static final String POOL_REFILL_FAILED = "ciers-smta-pool-refill-failed";
    public static final String POOL_USABLE = "ciers-smta-pool-usable";

    private final MetricFactory metricFactory;
    private final GaugeRegistry gaugeRegistry;
    private final Metric rmtaAccepted;
    private final Metric rmtaDenied;
    private final Metric rmtaUnavailable;
    private final Metric smtaCiers;
    private final Metric smtaWithoutCiers;
    private final Metric smtaUnavailable;
    private final Metric poolTaken;
    private final Metric poolAsked;
    private final Metric poolRefillFailed;

    @Inject
    public CiersMetrics(MetricFactory metricFactory, GaugeRegistry gaugeRegistry) {
        this.metricFactory = metricFactory;
        this.gaugeRegistry = gaugeRegistry;
        this.rmtaAccepted = metricFactory.generate(RMTA_ACCEPTED);
        this.rmtaDenied = metricFactory.generate(RMTA_DENIED);
        this.rmtaUnavailable = metricFactory.generate(RMTA_UNAVAILABLE);
        this.smtaCiers = metricFactory.generate(SMTA_CIERS);
        this.smtaWithoutCiers = metricFactory.generate(SMTA_WITHOUT_CIERS);
        this.smtaUnavailable = metricFactory.generate(SMTA_UNAVAILABLE);
        this.poolTaken = metricFactory.generate(POOL_TAKEN);
        this.poolAsked = metricFactory.generate(POOL_ASKED);
        this.poolRefillFailed = metricFactory.generate(POOL_REFILL_FAILED);
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

    /** SMTA: a message ID came from the pool, without a round trip to the authority. */
    @Override
    public void takenFromPool() {
        poolTaken.increment();
    }

    /** SMTA: the pool for the recipient domain was empty; the delivery asked the authority itself. */
    @Override
    public void askedOnCallersThread() {
        poolAsked.increment();
    }

    /** SMTA: a background refill of a pool failed; deliveries went on with the IDs left. */
    @Override
    public void refillFailed() {
        poolRefillFailed.increment();
    }

    /** SMTA: the usable message IDs of all recipient domains' pools, read when the metrics are. */
    public void gaugeUsableIds(MessageIdPool pool) {
        gaugeRegistry.register(POOL_USABLE, pool::usableIds);
    }
}
