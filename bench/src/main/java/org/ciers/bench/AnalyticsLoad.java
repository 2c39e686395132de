package org.ciers.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.ciers.authority.analytics.AnalyticsConfiguration;
import org.ciers.authority.analytics.AnalyticsDocuments;
import org.ciers.authority.analytics.AnalyticsIndex;
import org.ciers.authority.model.AnalyticsRecord;
import org.ciers.authority.model.DailyFigures;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.model.ReportState;
import org.ciers.authority.model.SpamReport;
import org.ciers.authority.model.TrustCounters;
import org.ciers.authority.opensearch.OpenSearchAnalyticsIndexFactory;
import org.ciers.authority.opensearch.OpenSearchSettings;
import org.ciers.demo.OperatorToken;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.settings.CiersProperties;

/**
 * The analytics copy at size: {@link #REPORTS} reports of {@link #DOMAINS} sender domains over
 * {@link #DAYS} days (and their daily figures), built as the authority builds them and bulk-indexed
 * with the authority's own index client; then the time an operator waits for the top offenders of
 * the whole window through the authority's route.
 */
final class AnalyticsLoad {
    static final int REPORTS = 1_000_000;
    static final int DOMAINS = 2_000;
    static final int DAYS = 30;
    static final int BATCH = 5_000;
    static final int QUERIES = 20;
    static final int WARM_UP_QUERIES = 3;

    record Result(long documents, Duration loadTime, double[] queryMillis) {
        double documentsPerSecond() {
            return documents / (loadTime.toNanos() / 1e9);
        }

        double median() {
            return queryMillis[queryMillis.length / 2];
        }

        double worst() {
            return queryMillis[queryMillis.length - 1];
        }
    }

    private AnalyticsLoad() {
    }

    /** Fills the indices named by {@code prefix} on {@code opensearch}, then asks {@code authority}'s route {@link #QUERIES} times. */
    static Result run(URI opensearch, String prefix, URI authority) throws Exception {
        CiersProperties settings = new CiersProperties(Map.of(
            AnalyticsConfiguration.KIND, OpenSearchAnalyticsIndexFactory.KIND,
            OpenSearchSettings.HOSTS, opensearch.toString(),
            OpenSearchSettings.INDEX_PREFIX, prefix,
            OpenSearchSettings.REPLICAS, "0")::get);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate first = today.minusDays(DAYS - 1L);
        long documents;
        Instant started = Instant.now();
        try (AnalyticsIndex index = new OpenSearchAnalyticsIndexFactory().create(settings)) {
            index.prepare();
            documents = load(index, first);
            index.refresh();
        }
        Duration loadTime = Duration.between(started, Instant.now());
        System.out.println("analytics: " + documents + " documents indexed in " + loadTime.toSeconds() + " s; top offenders of "
            + first + " to " + today + ", " + QUERIES + " times");
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest query = HttpRequest.newBuilder(URI.create(authority + "/ciers/operator/analytics/top-offenders?from=" + first + "&to=" + today
                + "&min=1&limit=20"))
            .header(OperatorToken.HEADER, OperatorToken.bearer()).timeout(Duration.ofSeconds(60)).build();
        double[] millis = new double[QUERIES];
        for (int i = -WARM_UP_QUERIES; i < QUERIES; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(query, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - start;
            if (response.statusCode() != 200 || !response.body().contains("\"spamRate\"")) {
                throw new IllegalStateException("top offenders: HTTP " + response.statusCode() + " " + response.body());
            }
            if (i >= 0) {
                millis[i] = took / 1e6;
            }
        }
        Arrays.sort(millis);
        return new Result(documents, loadTime, millis);
    }

    /** The reports (two threads of bulk requests) and every domain's figures of every day. */
    private static long load(AnalyticsIndex index, LocalDate first) throws Exception {
        List<OrganizationId> organizations = new ArrayList<>();
        for (int i = 0; i < DOMAINS / 10; i++) {
            organizations.add(OrganizationId.random());
        }
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> batches = new ArrayList<>();
            for (int batch = 0; batch < REPORTS / BATCH; batch++) {
                int from = batch * BATCH;
                batches.add(threads.submit(() -> index.index(reports(from, first, organizations))));
            }
            for (Future<?> batch : batches) {
                batch.get();
            }
        } finally {
            threads.shutdown();
        }
        List<AnalyticsRecord> figures = new ArrayList<>();
        Random random = new Random(7);
        for (int d = 0; d < DOMAINS; d++) {
            long total = 0;
            for (int day = 0; day < DAYS; day++) {
                long sent = 200 + random.nextInt(2000);
                DailyFigures daily = new DailyFigures(domain(d), first.plusDays(day), new TrustCounters(total, 0, 0),
                    new TrustCounters(total + sent, 0, 0), first.plusDays(day).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(86_000));
                total += sent;
                figures.add(AnalyticsDocuments.daily(daily, Optional.of(organizations.get(d % organizations.size()))));
                if (figures.size() == BATCH) {
                    index.index(figures);
                    figures = new ArrayList<>();
                }
            }
        }
        index.index(figures);
        return REPORTS + (long) DOMAINS * DAYS;
    }

    /** {@link #BATCH} reports from number {@code from}: a skewed choice of sender, a time within the window. */
    private static List<AnalyticsRecord> reports(int from, LocalDate first, List<OrganizationId> organizations) {
        Random random = new Random(from);
        List<AnalyticsRecord> records = new ArrayList<>(BATCH);
        Instant start = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        for (int n = from; n < from + BATCH; n++) {
            double x = random.nextDouble();
            int d = (int) (x * x * DOMAINS);
            Instant reportedAt = start.plusSeconds(random.nextInt(DAYS * 86_400 - 3_600));
            SpamReport report = new SpamReport(MessageId.of("ciers.BENCH" + String.format("%025d", n)), server(d), domain(d),
                DomainName.of("r" + random.nextInt(50) + ".example"), reportedAt.minusSeconds(60), reportedAt,
                random.nextInt(10) == 0 ? ReportState.REFUTED : ReportState.STANDING, reportedAt);
            records.add(AnalyticsDocuments.report(report, Optional.of(organizations.get(d % organizations.size()))));
        }
        return records;
    }

    private static DomainName domain(int d) {
        return DomainName.of("sender" + d + ".example");
    }

    private static ServerId server(int d) {
        return ServerId.of(String.format("BENCH%015d", d));
    }
}
