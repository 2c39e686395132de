package org.ciers.authority.cassandra;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.ciers.authority.store.TransmissionRetention;
import org.ciers.protocol.settings.CiersProperties;

/**
 * The {@code cassandra.*} keys of the authority's ciers.properties.
 *
 * @param contactPoints         nodes the driver first connects to ({@code host:port}, comma separated)
 * @param localDatacenter       the datacenter the authority node reads and writes in
 * @param keyspace              where the tables live; created at start-up when missing
 * @param replicationFactor     SimpleStrategy replication of a keyspace created at start-up
 * @param username              with {@code password}, when the cluster requires authentication
 * @param transmissionRetention how long a logged transmission is kept (Cassandra TTL), {@link TransmissionRetention}
 */
public record CassandraSettings(List<InetSocketAddress> contactPoints, String localDatacenter, String keyspace, int replicationFactor,
                                Optional<String> username, Optional<String> password, Duration transmissionRetention) {
    public static final String CONTACT_POINTS = "cassandra.contact.points";
    public static final String LOCAL_DATACENTER = "cassandra.local.datacenter";
    public static final String KEYSPACE = "cassandra.keyspace";
    public static final String REPLICATION_FACTOR = "cassandra.replication.factor";
    public static final String USERNAME = "cassandra.username";
    public static final String PASSWORD = "cassandra.password";

    public static final String DEFAULT_CONTACT_POINTS = "127.0.0.1:9042";
    public static final String DEFAULT_LOCAL_DATACENTER = "datacenter1";
    public static final String DEFAULT_KEYSPACE = "ciers";
    public static final int DEFAULT_REPLICATION_FACTOR = 1;
    private static final int DEFAULT_PORT = 9042;

    public CassandraSettings {
        contactPoints = List.copyOf(contactPoints);
        if (contactPoints.isEmpty()) {
            throw new IllegalArgumentException(CONTACT_POINTS + " names no node");
        }
        Objects.requireNonNull(localDatacenter, LOCAL_DATACENTER);
        if (!keyspace.matches("[a-z][a-z0-9_]{0,47}")) {
            throw new IllegalArgumentException(KEYSPACE + " must be a lower-case CQL identifier, not '" + keyspace + "'");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(REPLICATION_FACTOR + " must be at least 1");
        }
        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException(USERNAME + " and " + PASSWORD + " go together");
        }
        TransmissionRetention.check(transmissionRetention);
    }

    public static CassandraSettings from(CiersProperties settings) {
        return new CassandraSettings(
            settings.orDefault(CONTACT_POINTS, DEFAULT_CONTACT_POINTS, value -> value).transform(CassandraSettings::contactPoints),
            settings.orDefault(LOCAL_DATACENTER, DEFAULT_LOCAL_DATACENTER, value -> value),
            settings.orDefault(KEYSPACE, DEFAULT_KEYSPACE, value -> value),
            settings.orDefault(REPLICATION_FACTOR, DEFAULT_REPLICATION_FACTOR, Integer::parseInt),
            settings.optional(USERNAME, value -> value),
            settings.optional(PASSWORD, value -> value),
            TransmissionRetention.from(settings));
    }

    private static List<InetSocketAddress> contactPoints(String value) {
        return Arrays.stream(value.split(","))
            .map(String::trim)
            .filter(point -> !point.isEmpty())
            .map(point -> {
                int colon = point.lastIndexOf(':');
                try {
                    return colon < 0
                        ? InetSocketAddress.createUnresolved(point, DEFAULT_PORT)
                        : InetSocketAddress.createUnresolved(point.substring(0, colon), Integer.parseInt(point.substring(colon + 1)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(CONTACT_POINTS + ": bad node '" + point + "'", e);
                }
            })
            .toList();
    }

    @Override
    public String toString() {
        return "CassandraSettings[" + contactPoints + ", dc=" + localDatacenter + ", keyspace=" + keyspace + ", rf=" + replicationFactor
            + ", user=" + username.orElse("-") + ", retention=" + transmissionRetention + "]";
    }
}
