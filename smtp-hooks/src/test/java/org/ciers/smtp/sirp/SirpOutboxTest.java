package org.ciers.smtp.sirp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.james.backends.cassandra.components.CassandraModule;
import org.apache.james.backends.cassandra.init.SessionWithInitializedTablesFactory;
import org.apache.james.backends.cassandra.init.configuration.CassandraConfiguration;
import org.apache.james.backends.cassandra.versions.CassandraSchemaVersionModule;
import org.apache.james.blob.api.BlobId;
import org.apache.james.blob.api.BlobStore;
import org.apache.james.blob.api.HashBlobId;
import org.apache.james.blob.cassandra.CassandraBlobModule;
import org.apache.james.blob.cassandra.CassandraBlobStoreFactory;
import org.apache.james.blob.mail.MimeMessageStore;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryPath;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.cassandra.CassandraMailRepositoryFactory;
import org.apache.james.mailrepository.cassandra.CassandraMailRepositoryModule;
import org.apache.james.mailrepository.memory.MemoryMailRepository;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.ciers.cassandra.CassandraNode;
import org.ciers.cassandra.CassandraNodeExtension;
import org.ciers.protocol.SettableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import com.datastax.oss.driver.api.core.CqlSession;
import com.google.inject.Guice;

/** The SIRP outbox's contract on James's own mail repositories: memory, and Cassandra on a real forked node. */
@ExtendWith(CassandraNodeExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SirpOutboxTest {
    CqlSession session;
    BlobStore blobs;

    /** James's repositories, selected by URL as James's store does. */
    static class Repositories implements MailRepositoryStore {
        final Map<MailRepositoryUrl, MailRepository> repositories = new ConcurrentHashMap<>();
        final Function<MailRepositoryUrl, MailRepository> create;

        Repositories(Function<MailRepositoryUrl, MailRepository> create) {
            this.create = create;
        }

        @Override
        public MailRepository select(MailRepositoryUrl url) {
            return repositories.computeIfAbsent(url, create);
        }

        @Override
        public Optional<MailRepository> get(MailRepositoryUrl url) {
            return Optional.ofNullable(repositories.get(url));
        }

        @Override
        public Stream<MailRepository> getByPath(MailRepositoryPath path) {
            return Stream.empty();
        }

        @Override
        public Optional<Protocol> defaultProtocol() {
            return Optional.empty();
        }

        @Override
        public Stream<MailRepositoryUrl> getUrls() {
            return repositories.keySet().stream();
        }
    }

    static SirpOutbox outbox(MailRepositoryStore repositories, String base, Clock clock) {
        return new SirpOutbox(repositories, new SirpConfiguration(Optional.of(SirpOutboxContract.SECRET), base, Duration.ofDays(7),
            Optional.empty(), Optional.empty(), Optional.empty(), SirpConfiguration.DEFAULT_PULL_PORT), clock);
    }

    @BeforeAll
    void connect(CassandraNode node) {
        try (CqlSession bootstrap = CqlSession.builder().addContactPoint(node.contactPoint()).withLocalDatacenter("datacenter1").build()) {
            bootstrap.execute("CREATE KEYSPACE IF NOT EXISTS sirp WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        }
        session = new SessionWithInitializedTablesFactory(
            CqlSession.builder().addContactPoint(node.contactPoint()).withLocalDatacenter("datacenter1").withKeyspace("sirp").build(),
            CassandraModule.aggregateModules(CassandraSchemaVersionModule.MODULE, CassandraMailRepositoryModule.MODULE,
                CassandraBlobModule.MODULE)).get();
        blobs = CassandraBlobStoreFactory.forTesting(session, new RecordingMetricFactory()).passthrough();
    }

    @AfterAll
    void close() {
        if (session != null) {
            session.close();
        }
    }

    /** What both twins share: an outbox on a settable clock; each twin says how its repositories are made. */
    abstract class Twin implements SirpOutboxContract {
        final SettableClock clock = new SettableClock(Instant.parse("2026-11-23T10:00:00Z"));
        Repositories repositories;
        SirpOutbox outbox;

        void use(Repositories repositories, String base) {
            this.repositories = repositories;
            this.outbox = SirpOutboxTest.outbox(repositories, base, clock);
        }

        @Override
        public SirpOutbox outbox() {
            return outbox;
        }

        @Override
        public MailRepositoryStore repositories() {
            return repositories;
        }

        @Override
        public void advance(Duration duration) {
            clock.advance(duration);
        }
    }

    @Nested
    class Memory extends Twin {
        @BeforeEach
        void setUp() {
            use(new Repositories(url -> new MemoryMailRepository()), SirpConfiguration.DEFAULT_REPOSITORY);
        }
    }

    @Nested
    class Cassandra extends Twin {
        @BeforeEach
        void setUp() {
            // wired as James wires it (some constructors are for its injector only)
            CassandraMailRepositoryFactory factory = Guice.createInjector(binder -> {
                binder.bind(CqlSession.class).toInstance(session);
                binder.bind(BlobId.Factory.class).toInstance(new HashBlobId.Factory());
                binder.bind(CassandraConfiguration.class).toInstance(CassandraConfiguration.DEFAULT_CONFIGURATION);
                binder.bind(MimeMessageStore.Factory.class).toInstance(MimeMessageStore.factory(blobs));
            }).getInstance(CassandraMailRepositoryFactory.class);
            // a base of its own per test: the contract starts from an empty outbox
            use(new Repositories(factory::create), "cassandra://var/mail/sirp-" + UUID.randomUUID());
        }
    }
}
