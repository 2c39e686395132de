package org.ciers.mailets.smta;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.transport.mailets.RemoteDelivery;
import org.apache.mailet.MailetConfig;
import org.apache.mailet.MailetContext;
import org.ciers.protocol.client.MessageIdPool;
import org.ciers.protocol.xml.CiersXml;
import org.ciers.smtp.metrics.CiersMetrics;
import org.ciers.smtp.mta.MtaConfiguration;
import org.ciers.smtp.sirp.SirpOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * James's {@code RemoteDelivery} with CIERS on every outgoing transaction (spec §3): the same
 * parameters, queue, retries, bounces and MX lookup, plus {@code ciersTrust},
 * {@code ciersWithoutTls}, {@code ciersRefused} and {@code ciersUnavailable} (see docs/smta.md).
 * STARTTLS is always attempted and the recipient's certificate verified.
 */
public class CiersRemoteDelivery extends RemoteDelivery {
    private static final Logger LOGGER = LoggerFactory.getLogger(CiersRemoteDelivery.class);
    private final MessageIdPool messageIds;
    private final MtaConfiguration configuration;
    private final CiersXml xml;
    private final FileSystem fileSystem;
    private final SirpOutbox sirp;
    private final CiersMetrics metrics;
    private Optional<String> registration = Optional.empty();

    @Inject
    public CiersRemoteDelivery(DNSService dnsServer, DomainList domainList, MailQueueFactory<?> queueFactory,
                               MetricFactory metricFactory, MessageIdPool messageIds, MtaConfiguration configuration,
                               CiersXml xml, FileSystem fileSystem, SirpOutbox sirp, CiersMetrics metrics) {
        super(dnsServer, domainList, new ExtensionQueueFactory(queueFactory, CiersRemoteDelivery.class.getClassLoader()),
            metricFactory);
        this.messageIds = messageIds;
        this.configuration = configuration;
        this.xml = xml;
        this.fileSystem = fileSystem;
        this.sirp = sirp;
        this.metrics = metrics;
    }

    @Override
    public void init(MailetConfig config) throws MessagingException {
        OutboundPolicy policy;
        try {
            policy = OutboundPolicy.from(config);
        } catch (IllegalArgumentException e) {
            throw new MessagingException(getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        OutboundCiers ciers = OutboundCiers.create(messageIds, configuration, xml, policy, fileSystem, metrics);
        String key = OutboundRegistry.register(new OutboundRegistry.Delivery(ciers, new MsidNotification(sirp, ciers)));
        registration = Optional.of(key);
        LOGGER.info("CIERS outbound delivery as {}: trust {}, without TLS {}, refused {}, authority unavailable {}",
            configuration.serverId(), policy.trustedCertificates().orElse(OutboundPolicy.JVM_TRUST),
            policy.withoutTls().configurationName(), policy.refused().configurationName(), policy.unavailable().configurationName());
        super.init(new TransportSelectingConfig(config, Map.of(
            "mail.smtp.class", CiersSmtpTransport.class.getName(),
            CiersSmtpTransport.DELIVERY_PROPERTY, key)));
    }

    @Override
    public void destroy() {
        super.destroy();
        registration.ifPresent(OutboundRegistry::unregister);
    }

    @Override
    public String getMailetInfo() {
        return "RemoteDelivery with CIERS";
    }

    /** The administrator's parameters plus the javax.mail properties that select the CIERS transport. */
    private static final class TransportSelectingConfig implements MailetConfig {
        private final MailetConfig config;
        private final Map<String, String> added;

        TransportSelectingConfig(MailetConfig config, Map<String, String> added) {
            this.config = config;
            this.added = added;
        }

        @Override
        public String getInitParameter(String name) {
            return added.containsKey(name) ? added.get(name) : config.getInitParameter(name);
        }

        @Override
        public Iterator<String> getInitParameterNames() {
            Map<String, Boolean> names = new LinkedHashMap<>();
            config.getInitParameterNames().forEachRemaining(name -> names.put(name, true));
            added.keySet().forEach(name -> names.put(name, true));
            return names.keySet().iterator();
        }

        @Override
        public MailetContext getMailetContext() {
            return config.getMailetContext();
        }

        @Override
        public String getMailetName() {
            return config.getMailetName();
        }
    }
}
