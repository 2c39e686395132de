package org.ciers.authority.federation;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.shared.AuditTrail;
import org.ciers.authority.store.PeerStore;
import org.ciers.authority.store.memory.MemoryAuditLogStore;
import org.ciers.protocol.settings.CiersProperties;

/** This authority ({@code ciers-b}) with peers of the given names, each at an https URL nothing listens on. */
final class FederationFixtures {
    final AuthorityConfiguration configuration;
    final FederationConfiguration federation;
    final Peers peers;
    final PeerStatus status;

    FederationFixtures(PeerStore store, Clock clock, String... peerNames) {
        configuration = AuthorityConfiguration.from(new CiersProperties(Map.of(AuthorityConfiguration.NAME, "ciers-b")::get));
        Map<String, String> settings = new HashMap<>();
        settings.put(FederationConfiguration.PEERS, String.join(",", peerNames));
        for (String name : peerNames) {
            settings.put(FederationConfiguration.PEER_PREFIX + name + FederationConfiguration.URL_SUFFIX, "https://127.0.0.1:1");
        }
        federation = FederationConfiguration.from(new CiersProperties(settings::get));
        peers = new Peers(store, federation, configuration, new AuditTrail(new MemoryAuditLogStore(), clock), clock);
        status = new PeerStatus(new RecordingMetricFactory(), new NoopGaugeRegistry(), clock);
    }
}
