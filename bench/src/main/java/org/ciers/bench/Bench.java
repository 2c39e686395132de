package org.ciers.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

import org.ciers.cassandra.CassandraNode;
import org.ciers.demo.AuthorityAdmin;
import org.ciers.demo.DemoLayout;
import org.ciers.demo.JamesProcess;
import org.ciers.opensearch.OpenSearchNode;

/**
 * {@code ./ciers bench [delivery] [authority] [reports] [cassandra] [analytics]}: the measurements of
 * docs/benchmarks.md in one run on real James processes (all sections when none is named), then
 * one table with the targets of issue 9.
 */
public final class Bench {
    static final List<String> SECTIONS = List.of("delivery", "authority", "reports", "cassandra", "analytics");
    static final int CONNECTIONS = AuthorityThroughput.DEFAULT_CONNECTIONS;
    static final long FEW_TRANSMISSIONS = 1_000;
    static final long MANY_TRANSMISSIONS = 1_000_000;
    static final String REPORTS_AUTHORITY_HEAP = "3g";
    static final String CASSANDRA_HEAP = "1g";
    static final String OPENSEARCH_HEAP = "1g";
    /** Rounds of the analytics-off and analytics-on authorities measured in turn. */
    static final int ANALYTICS_ROUNDS = 2;

    private final List<String[]> table = new ArrayList<>();

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Set<String> sections = args.length == 0 ? Set.copyOf(SECTIONS) : Set.of(args);
        for (String section : sections) {
            if (!SECTIONS.contains(section)) {
                System.err.println("usage: ./ciers bench " + SECTIONS.stream().map(s -> "[" + s + "]").reduce("", (x, y) -> x + " " + y).trim());
                System.exit(2);
            }
        }
        DemoLayout layout = DemoLayout.fromSystemProperties();
        Bench bench = new Bench();
        if (sections.contains("delivery") || sections.contains("authority")) {
            bench.memoryAuthority(layout, sections);
        }
        if (sections.contains("reports")) {
            bench.reports(layout);
        }
        if (sections.contains("cassandra")) {
            bench.cassandra(layout);
        }
        if (sections.contains("analytics")) {
            bench.analytics(layout);
        }
        bench.print();
    }

    private void memoryAuthority(DemoLayout layout, Set<String> sections) throws Exception {
        try (JamesProcess authority = JamesProcess.startAuthority("bench-authority", layout, Map.of())) {
            AuthorityAdmin.Accredited[] ab = accredit(authority);
            if (sections.contains("delivery")) {
                System.out.println("delivery: plain / two round trips / CIERS / DKIM, interleaved, then 8 senders each");
                Map<DeliveryOverhead.Variant, DeliveryOverhead.Figures> delivery = DeliveryOverhead.measure(layout, authority.webAdmin(),
                    ab[0], ab[1], Integer.getInteger("bench.warmup", 150), Integer.getInteger("bench.messages", 300));
                System.out.print(DeliveryOverhead.describe(delivery));
                deliveryRows(delivery);
            }
            if (sections.contains("authority")) {
                AuthorityThroughput.Result memory = AuthorityThroughput.measure(authority.webAdmin(), ab[0], ab[1], CONNECTIONS);
                row("authority, memory: auth_to_send + trust_value pairs/s", fmt(memory.pairsPerSecond()) + " ("
                    + fmt(memory.pairsPerSecond() * 2) + " requests/s)", "≥ 5,000 pairs/s; ≥ 10,000 requests/s");
                row("same server, trivial route GET /healthcheck/checks requests/s", fmt(memory.trivialPerSecond()), "—");
                row("protocol requests ÷ trivial requests", String.format("%.2f", memory.ratio()), "≥ 0.5");
                AuthorityThroughput.MessageResult messages = AuthorityThroughput.measureMessages(authority.webAdmin(), authority.pid(),
                    OptionalLong.empty(), ab[0], ab[1], CONNECTIONS);
                row("authority, memory: messages/s (signed IDs: auth_to_send x" + AuthorityThroughput.IDS_PER_REQUEST
                    + " + validation_receipts x" + AuthorityThroughput.IDS_PER_REQUEST + ")", fmt(messages.messagesPerSecond()), "≥ 10,000");
                row("authority, memory: authority CPU time per message (µs)", micros(messages.authorityCpuPerMessage()), "—");
            }
        }
    }

    private void deliveryRows(Map<DeliveryOverhead.Variant, DeliveryOverhead.Figures> delivery) {
        DeliveryOverhead.Figures plain = delivery.get(DeliveryOverhead.Variant.PLAIN);
        DeliveryOverhead.Figures ciers = delivery.get(DeliveryOverhead.Variant.CIERS);
        DeliveryOverhead.Figures dkim = delivery.get(DeliveryOverhead.Variant.DKIM);
        DeliveryOverhead.Figures roundTrips = delivery.get(DeliveryOverhead.Variant.ROUND_TRIPS);
        for (Map.Entry<DeliveryOverhead.Variant, DeliveryOverhead.Figures> entry : delivery.entrySet()) {
            DeliveryOverhead.Figures f = entry.getValue();
            row("delivery " + entry.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": 250 after DATA, median / p99 ms",
                String.format("%.2f / %.2f", f.smtp().median(), f.smtp().p99()), "—");
            row("delivery " + entry.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": in the INBOX, median / p99 ms",
                String.format("%.2f / %.2f", f.stored().median(), f.stored().p99()), "—");
            row("delivery " + entry.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": messages/s, 8 senders", fmt(f.messagesPerSecond()), "—");
        }
        row("b/a (CIERS ÷ plain), 250 after DATA, medians", String.format("%.2f", ciers.smtp().median() / plain.smtp().median()), "—");
        row("b−a, 250 after DATA, medians (ms)", String.format("%.2f", ciers.smtp().median() - plain.smtp().median()), "≤ 0.5");
        row("two NOOP round trips over TLS (n−a), 250 after DATA, medians (ms)",
            String.format("%.2f", roundTrips.smtp().median() - plain.smtp().median()), "—");
        row("CIERS beyond its two round trips (b−n), 250 after DATA, medians (ms)",
            String.format("%.2f", ciers.smtp().median() - roundTrips.smtp().median()), "—");
        row("(b−a)/(c−a) (CIERS overhead ÷ DKIM overhead), 250 after DATA, medians",
            String.format("%.2f", (ciers.smtp().median() - plain.smtp().median()) / (dkim.smtp().median() - plain.smtp().median())),
            "≤ 0.5");
        row("(b−a)/(c−a) (CIERS overhead ÷ DKIM overhead), in the INBOX, medians",
            String.format("%.2f", (ciers.stored().median() - plain.stored().median()) / (dkim.stored().median() - plain.stored().median())),
            "≤ 0.5");
    }

    private void reports(DemoLayout layout) throws Exception {
        System.setProperty(JamesProcess.HEAP_PROPERTY, REPORTS_AUTHORITY_HEAP);
        try (JamesProcess authority = JamesProcess.startAuthority("bench-reports-authority", layout, Map.of())) {
            AuthorityAdmin.Accredited[] ab = accredit(authority);
            System.out.println("reports: " + FEW_TRANSMISSIONS + " transmissions logged");
            DeliveryOverhead.Latency few = ReportLatency.measureAt(authority.webAdmin(), ab[0], ab[1], 0, FEW_TRANSMISSIONS);
            System.out.println("reports: filling to " + MANY_TRANSMISSIONS + " transmissions");
            long logged = FEW_TRANSMISSIONS + 2L * ReportLatency.SAMPLES;
            DeliveryOverhead.Latency many = ReportLatency.measureAt(authority.webAdmin(), ab[0], ab[1], logged, MANY_TRANSMISSIONS);
            row("report latency, 10^3 transmissions logged, median / p99 ms", String.format("%.2f / %.2f", few.median(), few.p99()), "—");
            row("report latency, 10^6 transmissions logged, median / p99 ms", String.format("%.2f / %.2f", many.median(), many.p99()), "—");
            row("report latency ratio 10^6 ÷ 10^3 (medians)", String.format("%.2f", many.median() / few.median()), "≤ 1.2");
        } finally {
            System.clearProperty(JamesProcess.HEAP_PROPERTY);
        }
    }

    private void cassandra(DemoLayout layout) throws Exception {
        Path directory = layout.demoDirectory().resolve("bench-cassandra");
        try (CassandraNode node = CassandraNode.start(directory, CASSANDRA_HEAP);
             JamesProcess authority = JamesProcess.startAuthority("bench-cassandra-authority", layout, Map.of(
                 "authority.store", "cassandra",
                 "cassandra.contact.points", "127.0.0.1:" + node.nativePort()))) {
            AuthorityAdmin.Accredited[] ab = accredit(authority);
            AuthorityThroughput.Result result = AuthorityThroughput.measure(authority.webAdmin(), ab[0], ab[1], CONNECTIONS);
            row("authority, Cassandra (one local node): pairs/s", fmt(result.pairsPerSecond()) + " ("
                + fmt(result.pairsPerSecond() * 2) + " requests/s)", "≥ 1,000 pairs/s");
            row("same server, trivial route requests/s", fmt(result.trivialPerSecond()), "—");
            AuthorityThroughput.MessageResult messages = AuthorityThroughput.measureMessages(authority.webAdmin(), authority.pid(),
                OptionalLong.of(node.pid()), ab[0], ab[1], CONNECTIONS);
            row("authority, Cassandra (one local node): messages/s (signed IDs: auth_to_send x" + AuthorityThroughput.IDS_PER_REQUEST
                + " + validation_receipts x" + AuthorityThroughput.IDS_PER_REQUEST + ")", fmt(messages.messagesPerSecond()), "≥ 2,000");
            row("authority, Cassandra: authority CPU time per message (µs)", micros(messages.authorityCpuPerMessage()), "—");
            row("authority, Cassandra: Cassandra CPU time per message (µs)", micros(messages.storeCpuPerMessage().orElseThrow()), "—");
            authority.close();
            node.nodetool("flush", "ciers");
            node.nodetool("compact", "ciers");
            // what one message leaves on disk: its receipt (issued IDs are not logged); the online pairs' validations apart
            long receiptBytes = tableBytes(directory, "receipts_by_key-") + tableBytes(directory, "receipt_key_arrivals-");
            long onlineBytes = tableBytes(directory, "online_validations-") + tableBytes(directory, "online_validations_by_sender-");
            row("bytes on disk per message (signed IDs: its receipt), after flush + compaction ("
                    + fmt(messages.messagesIssued()) + " messages, both receipt tables)",
                fmt((double) receiptBytes / messages.messagesIssued()), "≤ 150");
            row("bytes on disk per online validation, after flush + compaction (" + fmt(result.pairsIssued()) + " pairs, both tables)",
                fmt((double) onlineBytes / result.pairsIssued()), "—");
        }
    }

    /**
     * Two memory authorities side by side, analytics off and on (one OpenSearch node), measured in
     * turn on the messages path; then the on authority's top-offenders route over 10^6 indexed reports.
     */
    private void analytics(DemoLayout layout) throws Exception {
        try (OpenSearchNode node = OpenSearchNode.start(layout.demoDirectory().resolve("bench-opensearch"), OPENSEARCH_HEAP);
             JamesProcess off = JamesProcess.startAuthority("bench-analytics-off", layout, Map.of());
             JamesProcess on = JamesProcess.startAuthority("bench-analytics-on", layout, Map.of(
                 "authority.analytics", "opensearch",
                 "authority.analytics.opensearch.hosts", node.url().toString(),
                 "authority.analytics.opensearch.replicas", "0",
                 "authority.analytics.opensearch.index.prefix", "bench-"))) {
            AuthorityAdmin.Accredited[] offDomains = accredit(off);
            AuthorityAdmin.Accredited[] onDomains = accredit(on);
            List<AuthorityThroughput.MessageResult> offResults = new ArrayList<>();
            List<AuthorityThroughput.MessageResult> onResults = new ArrayList<>();
            for (int round = 0; round < ANALYTICS_ROUNDS; round++) {
                offResults.add(AuthorityThroughput.measureMessages(off.webAdmin(), off.pid(), OptionalLong.empty(), offDomains[0], offDomains[1],
                    CONNECTIONS));
                onResults.add(AuthorityThroughput.measureMessages(on.webAdmin(), on.pid(), OptionalLong.of(node.pid()), onDomains[0],
                    onDomains[1], CONNECTIONS));
            }
            double offRate = offResults.stream().mapToDouble(AuthorityThroughput.MessageResult::messagesPerSecond).average().orElseThrow();
            double onRate = onResults.stream().mapToDouble(AuthorityThroughput.MessageResult::messagesPerSecond).average().orElseThrow();
            row("authority, memory, analytics off: messages/s (mean of " + ANALYTICS_ROUNDS + " runs, in turn with on)", fmt(offRate), "—");
            row("authority, memory, analytics on (OpenSearch): messages/s", fmt(onRate), "—");
            row("analytics on ÷ off, messages/s", String.format("%.2f", onRate / offRate), "≥ 0.9");
            row("analytics off: authority CPU time per message (µs, last run)", micros(offResults.get(ANALYTICS_ROUNDS - 1).authorityCpuPerMessage()),
                "—");
            row("analytics on: authority CPU time per message (µs, last run)", micros(onResults.get(ANALYTICS_ROUNDS - 1).authorityCpuPerMessage()),
                "—");
            row("analytics on: OpenSearch CPU time per message (µs, last run)",
                micros(onResults.get(ANALYTICS_ROUNDS - 1).storeCpuPerMessage().orElseThrow()), "—");
            AnalyticsLoad.Result load = AnalyticsLoad.run(node.url(), "bench-", on.webAdmin());
            row("analytics: documents bulk-indexed per second (10^6 reports + daily figures, 2 threads)", fmt(load.documentsPerSecond()), "—");
            row("analytics: top offenders over " + fmt(AnalyticsLoad.REPORTS) + " reports of " + fmt(AnalyticsLoad.DOMAINS) + " domains, "
                + AnalyticsLoad.DAYS + " days, through the route, median / worst of " + AnalyticsLoad.QUERIES + " (ms)",
                String.format("%.0f / %.0f", load.median(), load.worst()), "—");
        }
    }

    private static String micros(Duration duration) {
        return String.format("%.1f", duration.toNanos() / 1000.0);
    }

    private static long tableBytes(Path cassandraDirectory, String tablePrefix) throws IOException {
        Path keyspace = cassandraDirectory.resolve("data").resolve("ciers");
        try (Stream<Path> tables = Files.list(keyspace)) {
            long total = 0;
            for (Path table : tables.filter(t -> t.getFileName().toString().startsWith(tablePrefix)).toList()) {
                try (Stream<Path> files = Files.walk(table)) {
                    total += files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
                }
            }
            return total;
        }
    }

    private static AuthorityAdmin.Accredited[] accredit(JamesProcess authority) throws Exception {
        AuthorityAdmin admin = new AuthorityAdmin(authority.webAdmin());
        String organization = admin.registerOrganization("Bench", "bench@example.com");
        return new AuthorityAdmin.Accredited[] {
            admin.accredit(organization, "a.example", List.of("mx.a.example")),
            admin.accredit(organization, "b.example", List.of("mx.b.example"))};
    }

    private void row(String measurement, String figure, String target) {
        table.add(new String[] {measurement, figure, target});
        System.out.println("  " + measurement + ": " + figure);
    }

    private void print() {
        System.out.println();
        System.out.println("| measurement | figure | target |");
        System.out.println("|---|---|---|");
        for (String[] row : table) {
            System.out.println("| " + row[0] + " | " + row[1] + " | " + row[2] + " |");
        }
    }

    private static String fmt(double value) {
        return String.format("%,.0f", value);
    }
}
