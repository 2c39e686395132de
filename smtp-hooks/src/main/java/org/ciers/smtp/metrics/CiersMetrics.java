package org.ciers.smtp.metrics;

import java.util.function.Supplier;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.metrics.api.Gauge;
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
    public static final String KEYS_TIMER = "ciers-authority-keys";
    public static final String VALIDATION_RECEIPTS_TIMER = "ciers-authority-validation_receipts";
    public static final String RMTA_ACCEPTED = "ciers-rmta-accepted";
    public static final String RMTA_DENIED = "ciers-rmta-denied";
    public static final String RMTA_UNAVAILABLE = "ciers-rmta-unavailable";
    public static final String OFFLINE_ACCEPTED = "ciers-rmta-offline-accepted";
    public static final String OFFLINE_DENIED = "ciers-rmta-offline-denied";
    public static final String OFFLINE_FALLBACK = "ciers-rmta-offline-fallback";
    public static final String REPLAY_HITS = "ciers-rmta-replay-hits";
    public static final String REPLAY_CACHE_FULL = "ciers-rmta-replay-cache-full";
    public static final String REPLAY_CACHE_SIZE = "ciers-rmta-replay-cache-size";
    public static final String RECEIPTS_QUEUED = "ciers-rmta-receipts-queued";
    public static final String RECEIPTS_SENT = "ciers-rmta-receipts-sent";
    public static final String RECEIPTS_COUNTED = "ciers-rmta-receipts-counted";
    public static final String RECEIPTS_DUPLICATE = "ciers-rmta-receipts-duplicate";
    public static final String RECEIPTS_INVALID = "ciers-rmta-receipts-invalid";
    public static final String RECEIPTS_RETRIED = "ciers-rmta-receipts-retried";
    public static final String SMTA_CIERS = "ciers-smta-with-ciers";
    public static final String SMTA_WITHOUT_CIERS = "ciers-smta-without-ciers";
    public static final String SMTA_UNAVAILABLE = "ciers-smta-unavailable";
    public static final String POOL_TAKEN = "ciers-smta-pool-taken";
    public static final String POOL_ASKED = "ciers-smta-pool-asked";
    public static final String POOL_REFILL_FAILED = "ciers-smta-pool-refill-failed";
    public static final String POOL_USABLE = "ciers-smta-pool-usable";

    private final MetricFactory metricFactory;
    private final GaugeRegistry gauges;
    private final Metric rmtaAccepted;
    private final Metric rmtaDenied;
    private final Metric rmtaUnavailable;
    private final Metric offlineAccepted;
    private final Metric offlineDenied;
    private final Metric offlineFallback;
    private final Metric replayHits;
    private final Metric replayCacheFull;
    private final Metric receiptsQueued;
    private final Metric receiptsSent;
    private final Metric receiptsCounted;
    private final Metric receiptsDuplicate;
    private final Metric receiptsInvalid;
    private final Metric receiptsRetried;
    private final Metric smtaCiers;
    private final Metric smtaWithoutCiers;
    private final Metric smtaUnavailable;
    private final Metric poolTaken;
    private final Metric poolAsked;
    private final Metric poolRefillFailed;

    @Inject
    public CiersMetrics(MetricFactory metricFactory, GaugeRegistry gauges) {
        this.metricFactory = metricFactory;
        this.gauges = gauges;
        this.rmtaAccepted = metricFactory.generate(RMTA_ACCEPTED);
        this.rmtaDenied = metricFactory.generate(RMTA_DENIED);
        this.rmtaUnavailable = metricFactory.generate(RMTA_UNAVAILABLE);
        this.offlineAccepted = metricFactory.generate(OFFLINE_ACCEPTED);
        this.offlineDenied = metricFactory.generate(OFFLINE_DENIED);
        this.offlineFallback = metricFactory.generate(OFFLINE_FALLBACK);
        this.replayHits = metricFactory.generate(REPLAY_HITS);
        this.replayCacheFull = metricFactory.generate(REPLAY_CACHE_FULL);
        this.receiptsQueued = metricFactory.generate(RECEIPTS_QUEUED);
        this.receiptsSent = metricFactory.generate(RECEIPTS_SENT);
        this.receiptsCounted = metricFactory.generate(RECEIPTS_COUNTED);
        this.receiptsDuplicate = metricFactory.generate(RECEIPTS_DUPLICATE);
        this.receiptsInvalid = metricFactory.generate(RECEIPTS_INVALID);
        this.receiptsRetried = metricFactory.generate(RECEIPTS_RETRIED);
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

    public <T> T timeKeys(Supplier<T> call) {
        return metricFactory.decorateSupplierWithTimerMetric(KEYS_TIMER, call);
    }

    public <T> T timeValidationReceipts(Supplier<T> call) {
        return metricFactory.decorateSupplierWithTimerMetric(VALIDATION_RECEIPTS_TIMER, call);
    }

    /** RMTA: a CIERS line answered 250 (validated, by the authority or offline). */
    public void accepted() {
        rmtaAccepted.increment();
    }

    /** RMTA: a CIERS line answered 550 (the authority does not know the transmission, or the ID failed a check). */
    public void denied() {
        rmtaDenied.increment();
    }

    /** RMTA: a CIERS line answered 454 (the authority unreachable, slow or failing, or the replay cache full). */
    public void unavailable() {
        rmtaUnavailable.increment();
    }

    /** RMTA: a signed ID passed every offline check. */
    public void offlineAccepted() {
        offlineAccepted.increment();
    }

    /** RMTA: a signed ID failed an offline check. */
    public void offlineDenied() {
        offlineDenied.increment();
    }

    /** RMTA: an ID that could not be checked offline (not signed, no key set) went to the authority. */
    public void offlineFallback() {
        offlineFallback.increment();
    }

    /** RMTA: a signed ID was presented a second time. */
    public void replayHit() {
        replayHits.increment();
    }

    /** RMTA: a valid signed ID was answered 454 because the replay cache was full. */
    public void replayCacheFull() {
        replayCacheFull.increment();
    }

    /** RMTA: how many IDs the replay cache holds, read when the metrics are. */
    public void replayCacheSize(Gauge<Integer> size) {
        gauges.register(REPLAY_CACHE_SIZE, size);
    }

    /** RMTA: a receipt was recorded in the receipt queue. */
    public void receiptQueued() {
        receiptsQueued.increment();
    }

    /** RMTA: receipts were posted to the authority in one batch. */
    public void receiptsSent(int receipts) {
        receiptsSent.add(receipts);
    }

    public void receiptCounted() {
        receiptsCounted.increment();
    }

    public void receiptDuplicate() {
        receiptsDuplicate.increment();
    }

    public void receiptInvalid() {
        receiptsInvalid.increment();
    }

    /** RMTA: receipts the authority did not answer were put back in the queue. */
    public void receiptsRetried(int receipts) {
        receiptsRetried.add(receipts);
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
        gauges.register(POOL_USABLE, pool::usableIds);
    }
}
