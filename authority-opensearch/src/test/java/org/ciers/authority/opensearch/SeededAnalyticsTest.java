package org.ciers.authority.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.ciers.authority.analytics.Analytics;
import org.ciers.authority.analytics.AnalyticsConfiguration;
import org.ciers.authority.analytics.AnalyticsRecording;
import org.ciers.authority.analytics.IndexedReport;
import org.ciers.authority.analytics.Offender;
import org.ciers.authority.analytics.ReportPage;
import org.ciers.authority.analytics.ReportQuery;
import org.ciers.authority.analytics.TouchedDomains;
import org.ciers.authority.model.AnalyticsRecord;
import org.ciers.authority.model.AuditEntry;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.model.RegisteredDomain;
import org.ciers.authority.model.ReportState;
import org.ciers.authority.model.SpamReport;
import org.ciers.authority.model.TrustCounters;
import org.ciers.authority.store.AuthorityStores;
import org.ciers.authority.store.memory.MemoryStoresFactory;
import org.ciers.opensearch.OpenSearchNode;
import org.ciers.opensearch.OpenSearchNodeExtension;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.settings.CiersProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 10,000 reports across 200 sender domains, seeded through the recording stores into a real
 * OpenSearch node: the copy's rankings and searches agree with a recount from the store, and a
 * rebuild on emptied indices reproduces them exactly.
 */
@ExtendWith(OpenSearchNodeExtension.class)
class SeededAnalyticsTest {
    static final int DOMAINS = 200;
    static final int REPORTS = 10_000;
    static final int ORGANIZATIONS = 20;
    static final List<DomainName> RECIPIENTS = List.of(DomainName.of("r1.example"), DomainName.of("r2.example"), DomainName.of("r3.example"));
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
    /** The reports were made over the last ten hours: today and perhaps yesterday. */
    static final LocalDate YESTERDAY = TODAY.minusDays(1);
    static final Duration AWAIT = Duration.ofSeconds(120);

    static AuthorityStores stores;
    static Analytics analytics;
    static final List<SpamReport> seeded = new ArrayList<>();
    static final List<RegisteredDomain> domains = new ArrayList<>();

    @BeforeAll
    static void seed(OpenSearchNode node) {
        TouchedDomains touched = new TouchedDomains(Clock.systemUTC());
        stores = AnalyticsRecording.wrap(MemoryStoresFactory.stores(Duration.ofDays(1), Clock.systemUTC()), touched);
        Map<String, String> settings = Map.of(
            AnalyticsConfiguration.KIND, OpenSearchAnalyticsIndexFactory.KIND,
            AnalyticsConfiguration.FIGURES_INTERVAL, "1h",
            OpenSearchSettings.HOSTS, node.url().toString(),
            OpenSearchSettings.INDEX_PREFIX, "seeded-",
            OpenSearchSettings.REPLICAS, "0");
        CiersProperties properties = new CiersProperties(settings::get);
        analytics = new Analytics(AnalyticsConfiguration.from(properties), properties, stores, touched, Clock.systemUTC());

        Random random = new Random(19);
        List<OrganizationId> organizations = new ArrayList<>();
        for (int i = 0; i < ORGANIZATIONS; i++) {
            organizations.add(OrganizationId.random());
        }
        for (int d = 0; d < DOMAINS; d++) {
            RegisteredDomain domain = new RegisteredDomain(DomainName.of("s" + d + ".example"), organizations.get(d % ORGANIZATIONS),
                ServerId.of(String.format("SRV%017d", d)), "pbkdf2-sha256$1$c2FsdA$aGFzaA", List.of("mx.s" + d + ".example"), NOW);
            stores.domains().register(domain).block();
            domains.add(domain);
            // a fifth of the domains send fewer than 100 transmissions: below the default minimum volume
            long transmissions = d % 5 == 0 ? 20 + random.nextInt(70) : 100 + random.nextInt(2000);
            stores.trustCounters().add(domain.name(), new TrustCounters(transmissions, 0, 0)).block();
        }
        for (int n = 0; n < REPORTS; n++) {
            RegisteredDomain sender = domains.get(skewed(random));
            Instant sentAt = NOW.minus(Duration.ofMinutes(random.nextInt(600) + 1));
            Instant reportedAt = sentAt.plusSeconds(30);
            SpamReport report = new SpamReport(MessageId.of("ciers.SEED" + String.format("%026d", n)), sender.serverId(), sender.name(),
                RECIPIENTS.get(random.nextInt(RECIPIENTS.size())), sentAt, reportedAt, ReportState.STANDING, reportedAt);
            assertThat(stores.reports().file(report).block()).isTrue();
            // as at the authority: a reported message is a counted transmission
            stores.trustCounters().add(sender.name(), new TrustCounters(1, 1, 0)).block();
            if (random.nextInt(10) == 0) {
                Instant refutedAt = reportedAt.plusSeconds(60);
                stores.reports().changeState(report.messageId(), ReportState.STANDING, ReportState.REFUTED, refutedAt).block();
                stores.trustCounters().add(sender.name(), TrustCounters.ONE_REFUTATION).block();
                report = report.withState(ReportState.REFUTED, refutedAt);
            }
            seeded.add(report);
        }
        stores.auditLog().append(new AuditEntry(NOW, "webadmin", "domain.suspended", "s3.example")).block();
        stores.auditLog().append(new AuditEntry(NOW, "webadmin", "organization.registered", "x")).block();

        assertThat(analytics.takeFigures()).isEqualTo(DOMAINS);
        await().atMost(AWAIT).until(() -> analytics.pending() == 0);
        analytics.index().refresh();
    }

    /** Some domains are reported far more than others, as in life. */
    private static int skewed(Random random) {
        double x = random.nextDouble();
        return (int) (x * x * DOMAINS);
    }

    @AfterAll
    static void close() {
        analytics.index().close();
    }

    @Test
    void everyRecordReachedTheIndexOnce() {
        assertThat(analytics.index().count(AnalyticsRecord.Index.REPORTS)).isEqualTo(REPORTS);
        assertThat(analytics.index().count(AnalyticsRecord.Index.DAILY)).isEqualTo(DOMAINS);
        assertThat(analytics.index().count(AnalyticsRecord.Index.AUDIT)).isEqualTo(2);
    }

    @Test
    void topOffendersNameTheDomainsOfARecountFromTheStoreInItsOrder() {
        for (long min : List.of(1L, 100L, 1000L)) {
            List<Offender> recount = recount(min);
            assertThat(analytics.topOffenders(YESTERDAY, TODAY, min, DOMAINS)).as("min %d", min).containsExactlyElementsOf(recount);
            assertThat(analytics.topOffenders(YESTERDAY, TODAY, min, 20)).as("min %d, top 20", min).containsExactlyElementsOf(recount.subList(0, 20));
        }
        assertThat(analytics.topOffenders(TODAY.minusDays(7), TODAY.minusDays(2), 1, DOMAINS)).isEmpty();
    }

    /** The store's own count: standing reports over validated transmissions, per domain. */
    private static List<Offender> recount(long minTransmissions) {
        List<Offender> offenders = new ArrayList<>();
        for (RegisteredDomain domain : domains) {
            long transmissions = stores.trustCounters().get(domain.name()).block().transmissions();
            long standing = stores.reports().listBySender(domain.name()).filter(report -> report.state() == ReportState.STANDING).count().block();
            if (transmissions >= minTransmissions) {
                offenders.add(Offender.of(domain.name().asString(), transmissions, standing));
            }
        }
        offenders.sort(Offender.WORST_FIRST);
        return offenders;
    }

    @Test
    void eachFilterReturnsExactlyTheMatchingReports() {
        DomainName sender = domains.get(7).name();
        assertMatches(query(Optional.of(sender), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
            report -> report.senderDomain().equals(sender));
        OrganizationId organization = domains.get(3).organization();
        Set<DomainName> ofOrganization = domains.stream().filter(domain -> domain.organization().equals(organization))
            .map(RegisteredDomain::name).collect(Collectors.toSet());
        assertMatches(query(Optional.empty(), Optional.of(organization), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
            report -> ofOrganization.contains(report.senderDomain()));
        assertMatches(query(Optional.empty(), Optional.empty(), Optional.of(RECIPIENTS.get(1)), Optional.empty(), Optional.empty(), Optional.empty()),
            report -> report.recipientDomain().equals(RECIPIENTS.get(1)));
        assertMatches(query(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(ReportState.REFUTED), Optional.empty(), Optional.empty()),
            report -> report.state() == ReportState.REFUTED);
        Instant from = NOW.minus(Duration.ofHours(5));
        Instant to = NOW.minus(Duration.ofHours(4));
        assertMatches(query(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(from), Optional.of(to)),
            report -> !report.reportedAt().isBefore(from) && report.reportedAt().isBefore(to));
        assertMatches(query(Optional.of(domains.get(1).name()), Optional.empty(), Optional.of(RECIPIENTS.get(0)), Optional.of(ReportState.STANDING),
                Optional.of(from), Optional.empty()),
            report -> report.senderDomain().equals(domains.get(1).name()) && report.recipientDomain().equals(RECIPIENTS.get(0))
                && report.state() == ReportState.STANDING && !report.reportedAt().isBefore(from));
    }

    @Test
    void pagesFollowTheOrderAskedFor() {
        DomainName sender = domains.get(150).name();
        List<SpamReport> expected = seeded.stream().filter(report -> report.senderDomain().equals(sender))
            .sorted(Comparator.comparing(SpamReport::reportedAt).thenComparing(report -> report.messageId().asString())).toList();
        ReportQuery oldest = new ReportQuery(Optional.of(sender), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), 1, 3, true);
        ReportPage page = analytics.reports(oldest);

        assertThat(page.total()).isEqualTo(expected.size());
        assertThat(page.reports()).extracting(IndexedReport::messageId)
            .containsExactlyElementsOf(expected.subList(3, 6).stream().map(report -> report.messageId().asString()).toList());
    }

    @Test
    void aRebuildOnEmptiedIndicesReproducesThemExactly() {
        Map<AnalyticsRecord.Index, List<String>> before = dump();
        analytics.index().recreate();
        assertThat(analytics.index().count(AnalyticsRecord.Index.REPORTS)).isZero();

        assertThat(analytics.startRebuild("test")).isPresent();
        await().atMost(AWAIT).until(() -> !analytics.rebuildProgress().orElseThrow().running());

        assertThat(analytics.rebuildProgress().orElseThrow().state()).isEqualTo("done");
        assertThat(analytics.rebuildProgress().orElseThrow().reports()).isEqualTo(REPORTS);
        assertThat(dump()).isEqualTo(before);
    }

    private static Map<AnalyticsRecord.Index, List<String>> dump() {
        Map<AnalyticsRecord.Index, List<String>> documents = new EnumMap<>(AnalyticsRecord.Index.class);
        for (AnalyticsRecord.Index index : AnalyticsRecord.Index.values()) {
            documents.put(index, analytics.index().dump(index));
        }
        assertThat(documents.get(AnalyticsRecord.Index.REPORTS)).hasSize(REPORTS);
        return documents;
    }

    private static ReportQuery query(Optional<DomainName> sender, Optional<OrganizationId> organization, Optional<DomainName> recipient,
                                     Optional<ReportState> state, Optional<Instant> from, Optional<Instant> to) {
        return new ReportQuery(sender, organization, recipient, state, from, to, 0, ReportQuery.MAX_SIZE, false);
    }

    /** Every page of the search together holds exactly the seeded reports the predicate matches, each once. */
    private static void assertMatches(ReportQuery first, Predicate<SpamReport> matching) {
        Set<String> expected = seeded.stream().filter(matching).map(report -> report.messageId().asString()).collect(Collectors.toSet());
        assertThat(expected).isNotEmpty();
        List<String> found = new ArrayList<>();
        ReportPage page = analytics.reports(first);
        long total = page.total();
        for (int n = 1; !page.reports().isEmpty(); n++) {
            page.reports().forEach(report -> found.add(report.messageId()));
            if (found.size() >= total) {
                break;
            }
            page = analytics.reports(new ReportQuery(first.senderDomain(), first.organization(), first.recipientDomain(), first.state(),
                first.from(), first.to(), n, first.size(), first.oldestFirst()));
        }
        assertThat(total).isEqualTo(expected.size());
        assertThat(new HashSet<>(found)).hasSize(found.size()).isEqualTo(expected);
    }
}
