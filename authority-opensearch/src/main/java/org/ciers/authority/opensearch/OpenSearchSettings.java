package org.ciers.authority.opensearch;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.ciers.authority.AuthorityConfiguration;
import org.ciers.protocol.settings.CiersProperties;

/**
 * The {@code authority.analytics.opensearch.*} settings of {@code ciers.properties}, read once: where
 * the cluster answers, how to authenticate and trust it, and how its indices are named and laid out.
 */
public record OpenSearchSettings(List<URI> hosts, Optional<String> username, Optional<String> password, Optional<Path> ca,
                                 String indexPrefix, int replicas, Duration timeout) {
    /** Comma-separated base URLs, e.g. {@code https://os1.example:9200,https://os2.example:9200}. */
    public static final String HOSTS = "authority.analytics.opensearch.hosts";
    /** HTTP basic authentication (the security plugin's internal users), with {@link #PASSWORD}. */
    public static final String USERNAME = "authority.analytics.opensearch.username";
    public static final String PASSWORD = "authority.analytics.opensearch.password";
    /** A PEM file of the CA certificates the cluster's HTTPS chains to; the JVM's public CAs when absent. */
    public static final String CA = "authority.analytics.opensearch.ca";
    public static final String INDEX_PREFIX = "authority.analytics.opensearch.index.prefix";
    /** Replicas of each index's one shard: 0 on a single-node cluster (the demo), 1 or more in production. */
    public static final String REPLICAS = "authority.analytics.opensearch.replicas";
    public static final String TIMEOUT = "authority.analytics.opensearch.timeout";

    public static final String DEFAULT_INDEX_PREFIX = "ciers-";
    public static final int DEFAULT_REPLICAS = 1;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public OpenSearchSettings {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException(HOSTS + " names no host");
        }
        for (URI host : hosts) {
            if (host.getUserInfo() != null) {
                // it would be logged with the host: credentials go in USERNAME and PASSWORD
                throw new IllegalArgumentException(HOSTS + ": a host names no credentials; set " + USERNAME + " and " + PASSWORD);
            }
            if (!"http".equals(host.getScheme()) && !"https".equals(host.getScheme()) || host.getHost() == null) {
                throw new IllegalArgumentException(HOSTS + ": " + host + " is not an http:// or https:// URL");
            }
        }
        Objects.requireNonNull(username, USERNAME);
        Objects.requireNonNull(password, PASSWORD);
        Objects.requireNonNull(ca, CA);
        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException(USERNAME + " and " + PASSWORD + " go together");
        }
        if (!indexPrefix.matches("[a-z0-9][a-z0-9_-]*")) {
            throw new IllegalArgumentException(INDEX_PREFIX + " must be lower-case letters, digits, - and _");
        }
        if (replicas < 0) {
            throw new IllegalArgumentException(REPLICAS + " must not be negative");
        }
        AuthorityConfiguration.positive(timeout, TIMEOUT);
    }

    public static OpenSearchSettings from(CiersProperties settings) {
        return new OpenSearchSettings(
            settings.required(HOSTS, OpenSearchSettings::hosts),
            settings.optional(USERNAME, value -> value),
            settings.optional(PASSWORD, value -> value),
            settings.optional(CA, Path::of),
            settings.orDefault(INDEX_PREFIX, DEFAULT_INDEX_PREFIX, value -> value),
            settings.orDefault(REPLICAS, DEFAULT_REPLICAS, Integer::parseInt),
            settings.orDefault(TIMEOUT, DEFAULT_TIMEOUT, AuthorityConfiguration::duration));
    }

    private static List<URI> hosts(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(host -> !host.isEmpty()).map(URI::create).toList();
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "OpenSearch " + hosts + username.map(user -> " as " + user).orElse("") + ", indices " + indexPrefix + "*";
    }
}
