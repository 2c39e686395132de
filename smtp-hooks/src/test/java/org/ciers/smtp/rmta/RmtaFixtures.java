package org.ciers.smtp.rmta;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.stream.Stream;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.ciers.protocol.message.KeysResponse;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.TrustValue;
import org.ciers.protocol.settings.CiersProperties;
import org.ciers.protocol.signed.SignedMessageId;
import org.ciers.protocol.signed.SigningKey;
import org.ciers.smtp.metrics.CiersMetrics;
import org.ciers.smtp.mta.MtaConfiguration;

/** What the receiving side's tests share: this server's settings, the authority's keys, the IDs it signs. */
public final class RmtaFixtures {
    public static final AuthorityName AUTHORITY = AuthorityName.of("ciers");
    public static final ServerId SENDER = ServerId.of("AAAAAAAAAAAAAAAAAAA1");
    public static final ServerId THIS_SERVER = ServerId.of("BBBBBBBBBBBBBBBBBBB2");
    public static final DomainName THIS_DOMAIN = DomainName.of("b.example");
    public static final TrustValue SIGNED_TRUST = TrustValue.parse("18.75");
    public static final Instant START = Instant.parse("2026-12-02T10:00:00Z");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RmtaFixtures() {
    }

    /** This server's settings as read from ciers.properties: the required keys, then {@code keysAndValues}. */
    public static MtaConfiguration configuration(URI authority, String... keysAndValues) {
        Map<String, String> settings = new HashMap<>(Map.of(
            MtaConfiguration.AUTHORITY_URL, authority.toString(),
            MtaConfiguration.SERVER_ID, THIS_SERVER.asString(),
            MtaConfiguration.PASSPHRASE, "p4ssphr4sep4ssphr4se"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return MtaConfiguration.from(new CiersProperties(settings::get));
    }

    public static CiersMetrics metrics(RecordingMetricFactory factory) {
        return new CiersMetrics(factory, new NoopGaugeRegistry());
    }

    /** A fresh Ed25519 key of the authority. */
    public static SigningKey newKey(int keyId) {
        return new SigningKey(keyId, new Ed25519PrivateKeyParameters(RANDOM));
    }

    public static KeysResponse keySet(SigningKey... keys) {
        return new KeysResponse(AUTHORITY, Stream.of(keys)
            .map(key -> new KeysResponse.PublicKey(key.keyId(), key.publicKey().getEncoded(), START.minusSeconds(86_400), Optional.empty()))
            .toList());
    }

    /** An ID the authority signs with this key, for the sender and this server's domain, valid for an hour from {@link #START}. */
    public static SignedMessageId issue(SigningKey key) {
        return issue(AUTHORITY, key, SENDER, THIS_DOMAIN, START.plusSeconds(3600));
    }

    public static SignedMessageId issue(AuthorityName authority, SigningKey key, ServerId sender, DomainName recipient, Instant expiry) {
        return SignedMessageId.issue(authority, key, sender, recipient, expiry, SIGNED_TRUST, RANDOM);
    }

    /** James's domain list, in memory; {@link #failing} makes it throw as a store that is down. */
    public static final class Domains implements DomainList {
        private final Set<Domain> domains = new CopyOnWriteArraySet<>();
        private volatile boolean failing;

        public Domains(String... names) {
            Stream.of(names).map(Domain::of).forEach(domains::add);
        }

        public void failing(boolean failing) {
            this.failing = failing;
        }

        @Override
        public List<Domain> getDomains() throws DomainListException {
            if (failing) {
                throw new DomainListException("the domain store is down");
            }
            return List.copyOf(domains);
        }

        @Override
        public boolean containsDomain(Domain domain) throws DomainListException {
            return getDomains().contains(domain);
        }

        @Override
        public void addDomain(Domain domain) {
            domains.add(domain);
        }

        @Override
        public void removeDomain(Domain domain) {
            domains.remove(domain);
        }

        @Override
        public Domain getDefaultDomain() {
            return domains.iterator().next();
        }
    }
}
