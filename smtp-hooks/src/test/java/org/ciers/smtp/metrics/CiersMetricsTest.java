package org.ciers.smtp.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.james.metrics.api.Gauge;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.awaitility.Awaitility;
import org.ciers.protocol.SettableClock;
import org.ciers.protocol.client.AuthorityUnavailableException;
import org.ciers.protocol.client.MessageIdPool;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;
import org.junit.jupiter.api.Test;

/** The sending side's pool as James's metrics show it: IDs taken, asked on the delivery's thread, refills failed, usable IDs. */
class CiersMetricsTest {
    private static final AuthToSendRequest ASK = new AuthToSendRequest(ServerId.of("AAAAAAAAAAAAAAAAAAA1"),
        Passphrase.of("p4ssphr4sep4ssphr4se"), DomainName.of("b.example"));

    private final RecordingMetricFactory metricFactory = new RecordingMetricFactory();
    private final Map<String, Gauge<?>> gauges = new ConcurrentHashMap<>();
    private final CiersMetrics metrics = new CiersMetrics(metricFactory, new GaugeRegistry() {
        @Override
        public <T> GaugeRegistry register(String name, Gauge<T> gauge) {
            gauges.put(name, gauge);
            return this;
        }

        @Override
        public <T> SettableGauge<T> settableGauge(String name) {
            throw new UnsupportedOperationException();
        }
    });
    private final AtomicBoolean authorityDown = new AtomicBoolean();
    private int issued;

    /** An authority that grants as many IDs as asked, or is down. */
    private synchronized AuthToSendResponse authority(AuthToSendRequest request) {
        if (authorityDown.get()) {
            throw new AuthorityUnavailableException("down");
        }
        List<MessageId> ids = new ArrayList<>();
        for (int i = 0; i < request.count(); i++) {
            ids.add(MessageId.of("ciers.MESSAGEIDNUMBER" + String.format("%012d", ++issued)));
        }
        return new AuthToSendResponse.Granted(ServerId.of("BBBBBBBBBBBBBBBBBBB2"), ids, List.of());
    }

    @Test
    void thePoolsEventsAndUsableIdsAreCounted() {
        MessageIdPool pool = new MessageIdPool(this::authority, new MessageIdPool.Settings(4, 1, Duration.ofMinutes(5)),
            new SettableClock(Instant.parse("2026-12-02T10:00:00Z")), metrics);
        metrics.gaugeUsableIds(pool);

        pool.take(ASK);
        assertThat(gauges.get(CiersMetrics.POOL_USABLE).get()).isEqualTo(3);
        authorityDown.set(true);
        pool.take(ASK);
        pool.take(ASK);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> metricFactory.countFor(CiersMetrics.POOL_REFILL_FAILED) == 1);
        pool.take(ASK);
        assertThatThrownBy(() -> pool.take(ASK)).isInstanceOf(AuthorityUnavailableException.class);

        assertThat(metricFactory.countFor(CiersMetrics.POOL_TAKEN)).isEqualTo(3);
        assertThat(metricFactory.countFor(CiersMetrics.POOL_ASKED)).isEqualTo(2);
        assertThat(gauges.get(CiersMetrics.POOL_USABLE).get()).isEqualTo(0);
    }
}
