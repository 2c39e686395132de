package org.ciers.authority.federation;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.model.Peer;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.settings.CiersProperties;

/**
 * The federation settings of {@code ciers.properties} (spec §7), read once: the peers the operator
 * lists (more may be added with the operator routes), the CA their HTTPS certificates chain to,
 * and how long lookups are cached and requests may take. No peer by default: an authority alone.
 */
public record FederationConfiguration(List<Peer> configuredPeers, Optional<Path> peersCa, Duration lookupTtl, Duration negativeLookupTtl,
                                      Duration requestTimeout, Duration maxRetryDelay, int batchSize) {
    /** Comma-separated names of the peers; each has {@code authority.peer.<name>.url}. */
    public static final String PEERS = "authority.peers";
    public static final String PEER_PREFIX = "authority.peer.";
    public static final String URL_SUFFIX = ".url";
    /** A PEM file of the CA certificates the peers' HTTPS chains to; the JVM's public CAs when absent. */
    public static final String PEERS_CA = "authority.peers.ca";
    public static final String LOOKUP_TTL = "authority.peers.lookup.ttl";
    public static final String NEGATIVE_LOOKUP_TTL = "authority.peers.lookup.negative.ttl";
    public static final String REQUEST_TIMEOUT = "authority.peers.timeout";
    public static final String MAX_RETRY_DELAY = "authority.peers.retry.max";
    public static final String BATCH_SIZE = "authority.peers.batch.size";

    public static final Duration DEFAULT_LOOKUP_TTL = Duration.ofMinutes(10);
    /** Shorter: a domain newly accredited at a peer is reachable soon. */
    public static final Duration DEFAULT_NEGATIVE_LOOKUP_TTL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofMinutes(5);
    public static final int DEFAULT_BATCH_SIZE = 200;
    public static final int MAX_BATCH_SIZE = 1000;

    public FederationConfiguration {
        configuredPeers = List.copyOf(configuredPeers);
        Objects.requireNonNull(peersCa, PEERS_CA);
        AuthorityConfiguration.positive(lookupTtl, LOOKUP_TTL);
        AuthorityConfiguration.positive(negativeLookupTtl, NEGATIVE_LOOKUP_TTL);
        AuthorityConfiguration.positive(requestTimeout, REQUEST_TIMEOUT);
        AuthorityConfiguration.positive(maxRetryDelay, MAX_RETRY_DELAY);
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException(BATCH_SIZE + " must be between 1 and " + MAX_BATCH_SIZE);
        }
    }

    public static FederationConfiguration from(CiersProperties settings) {
        List<Peer> peers = new ArrayList<>();
        for (AuthorityName name : settings.orDefault(PEERS, List.<AuthorityName>of(), FederationConfiguration::names)) {
            String urlKey = PEER_PREFIX + name.asString() + URL_SUFFIX;
            URI url = settings.required(urlKey, URI::create);
            try {
                peers.add(new Peer(name, url, false));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(urlKey + ": " + e.getMessage(), e);
            }
        }
        return new FederationConfiguration(peers,
            settings.optional(PEERS_CA, Path::of),
            settings.orDefault(LOOKUP_TTL, DEFAULT_LOOKUP_TTL, AuthorityConfiguration::duration),
            settings.orDefault(NEGATIVE_LOOKUP_TTL, DEFAULT_NEGATIVE_LOOKUP_TTL, AuthorityConfiguration::duration),
            settings.orDefault(REQUEST_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, AuthorityConfiguration::duration),
            settings.orDefault(MAX_RETRY_DELAY, DEFAULT_MAX_RETRY_DELAY, AuthorityConfiguration::duration),
            settings.orDefault(BATCH_SIZE, DEFAULT_BATCH_SIZE, Integer::parseInt));
    }

    private static List<AuthorityName> names(String value) {
        List<AuthorityName> names = Arrays.stream(value.split(","))
            .map(String::trim)
            .filter(name -> !name.isEmpty())
            .map(AuthorityName::forAnAuthority)
            .toList();
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("a peer is listed twice");
        }
        return names;
    }
}
