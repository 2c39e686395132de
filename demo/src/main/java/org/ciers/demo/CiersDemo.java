package org.ciers.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.ciers.cassandra.CassandraNode;
import org.ciers.opensearch.OpenSearchNode;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.smtp.CiersHeaders;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code ./ciers demo [--once] [--cassandra] [--opensearch] [--federation]}: starts the demo's three James servers on 127.0.0.1 (authority,
 * a.example, b.example), sends one mail alice → bob through a.example's submission port, and
 * prints the X-CIERS headers b.example stamped and a.example's trust value at the authority. It
 * keeps running until Ctrl-C; with {@code --once} it stops and exits 0 on success. With
 * {@code --cassandra} the authority keeps its data on a local Cassandra node started first. With
 * {@code --opensearch} it keeps its analytics copy on a local OpenSearch node started first, and the
 * demo waits until a.example's day shows there. With
 * {@code --federation} there are two authorities that peer (spec §7): ciers-a accredits a.example,
 * ciers-b accredits b.example; the mail is validated at b.example with ciers-a's key, relayed by
 * ciers-b, and its receipt reaches ciers-a through ciers-b.
 */
public final class CiersDemo {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RECEIPT_POLL = Duration.ofMillis(250);
    private static final String CASSANDRA_HEAP = "512m";
    private static final String OPENSEARCH_HEAP = "512m";
    /** The demo's daily figures are taken often, so that the charts move while one watches. */
    private static final String FIGURES_INTERVAL = "5s";

    private CiersDemo() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args);
        boolean once = options.contains("--once");
        boolean cassandra = options.contains("--cassandra");
        boolean federation = options.contains("--federation");
        boolean opensearch = options.contains("--opensearch");
        DemoLayout layout = DemoLayout.fromSystemProperties();

        Map<String, String> authoritySettings = new HashMap<>();
        List<AutoCloseable> nodes = new ArrayList<>();
        CassandraNode cassandraNode = null;
        OpenSearchNode opensearchNode = null;
        try {
            if (cassandra) {
                System.out.println("Starting a Cassandra 5.0 node on 127.0.0.1 for the authority's store ...");
                cassandraNode = CassandraNode.start(layout.demoDirectory().resolve("cassandra"), CASSANDRA_HEAP);
                nodes.add(cassandraNode);
                authoritySettings.putAll(Map.of(
                    "authority.store", "cassandra",
                    "cassandra.contact.points", "127.0.0.1:" + cassandraNode.nativePort()));
            }
            if (opensearch) {
                System.out.println("Starting an OpenSearch 2.19 node on 127.0.0.1 for the authority's analytics ...");
                opensearchNode = OpenSearchNode.start(layout.demoDirectory().resolve("opensearch"), OPENSEARCH_HEAP);
                nodes.add(opensearchNode);
                authoritySettings.putAll(Map.of(
                    "authority.analytics", "opensearch",
                    "authority.analytics.opensearch.hosts", opensearchNode.url().toString(),
                    "authority.analytics.opensearch.replicas", "0",
                    "authority.analytics.figures.interval", FIGURES_INTERVAL,
                    "authority.analytics.top.min.transmissions", "1"));
            }
        } catch (Exception e) {
            ParallelStart.closeAll(nodes);
            throw e;
        }
        CassandraNode storeNode = cassandraNode;
        OpenSearchNode analyticsNode = opensearchNode;
        DemoCluster cluster;
        try {
            if (federation) {
                System.out.println("Starting four James servers on 127.0.0.1: the CIERS authorities " + DemoCluster.AUTHORITY_A + " and "
                    + DemoCluster.AUTHORITY_B + " (peers), a.example (at " + DemoCluster.AUTHORITY_A + "), b.example (at "
                    + DemoCluster.AUTHORITY_B + ") ...");
                cluster = DemoCluster.startFederation(layout, authoritySettings, Map.of());
            } else {
                System.out.println("Starting three James servers on 127.0.0.1: the CIERS authority, a.example, b.example ...");
                cluster = DemoCluster.start(layout, authoritySettings, Map.of());
            }
        } catch (Exception e) {
            ParallelStart.closeAll(nodes);
            throw e;
        }
        Thread stopper = new Thread(() -> {
            try {
                cluster.close();
                ParallelStart.closeAll(nodes);
            } catch (Exception e) {
                System.err.println("stopping the demo servers: " + e.getMessage());
            }
        });
        Runtime.getRuntime().addShutdownHook(stopper);

        boolean ok = sendDemoMail(cluster) && (analyticsNode == null || awaitAnalytics(cluster));
        System.out.println();
        System.out.println("a.example SMTP (submission, AUTH after STARTTLS): 127.0.0.1:" + cluster.a().smtpPort());
        System.out.println("b.example IMAP: 127.0.0.1:" + cluster.b().imapPort() + "   users alice@a.example, bob@b.example, password "
            + MailServer.PASSWORD);
        if (cluster.isFederated()) {
            System.out.println("Authority " + DemoCluster.AUTHORITY_A + " (a.example) WebAdmin and protocol routes: " + cluster.authority().webAdmin());
            System.out.println("Authority " + DemoCluster.AUTHORITY_B + " (b.example) WebAdmin and protocol routes: " + cluster.bAuthority().webAdmin());
        } else {
            System.out.println("Authority WebAdmin and protocol routes: " + cluster.authority().webAdmin());
        }
        System.out.println("Endpoints: " + layout.endpointsFile());
        if (storeNode != null) {
            System.out.println("Authority store: Cassandra at 127.0.0.1:" + storeNode.nativePort() + ", keyspace "
                + (cluster.isFederated() ? "ciers_a and ciers_b" : "ciers"));
        }
        if (analyticsNode != null) {
            System.out.println("Authority analytics: OpenSearch at " + analyticsNode.url() + "; the operator's page: "
                + cluster.authority().webAdmin() + "/ciers/portal/operator.html (the operator token is in the endpoints file)");
        }
        if (once) {
            Runtime.getRuntime().removeShutdownHook(stopper);
            stopper.run();
            System.exit(ok ? 0 : 1);
        }
        System.out.println("Running; Ctrl-C stops the servers.");
        new CountDownLatch(1).await();
    }

    private static boolean sendDemoMail(DemoCluster cluster) throws Exception {
        MailClient client = cluster.mailClient();
        String subject = "CIERS demo " + Instant.now();
        System.out.println("alice@a.example submits a mail to bob@b.example (a.example delivers it with CIERS) ...");
        client.submit(cluster.a().smtpPort(), DemoCluster.ALICE, MailServer.PASSWORD, DemoCluster.BOB, subject,
            "Hello Bob, this mail went through CIERS.");
        List<String> inbox = client.awaitMessages(cluster.b().imapPort(), DemoCluster.BOB, MailServer.PASSWORD, "INBOX", 1,
            DELIVERY_TIMEOUT);
        String delivered = inbox.get(inbox.size() - 1);
        List<String> serverId = MailClient.header(delivered, CiersHeaders.SERVER_ID);
        List<String> messageId = MailClient.header(delivered, CiersHeaders.MESSAGE_ID);
        List<String> trustValue = MailClient.header(delivered, CiersHeaders.TRUST_VALUE);
        System.out.println("Delivered to bob@b.example with:");
        serverId.forEach(value -> System.out.println(CiersHeaders.SERVER_ID + ": " + value));
        messageId.forEach(value -> System.out.println(CiersHeaders.MESSAGE_ID + ": " + value));
        trustValue.forEach(value -> System.out.println(CiersHeaders.TRUST_VALUE + ": " + value));
        String trustAtAuthority = cluster.admin().domain(DomainName.of(DemoCluster.A_DOMAIN)).path("trustValue").asText();
        System.out.println("Trust value of a.example at the authority: " + trustAtAuthority);
        boolean receipted = !cluster.isFederated() || awaitReceiptAtA(cluster);
        return serverId.equals(List.of(cluster.aAccreditation().serverId().asString()))
            && messageId.size() == 1 && trustValue.size() == 1 && receipted;
    }

    /** The analytics copy shows a.example's day: its transmission counted, the figures taken and indexed. */
    private static boolean awaitAnalytics(DemoCluster cluster) throws Exception {
        System.out.println("Waiting for a.example's day in the authority's analytics (figures every " + FIGURES_INTERVAL + ") ...");
        Instant deadline = Instant.now().plus(DELIVERY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            JsonNode days = cluster.admin().get("/ciers/operator/analytics/domains/" + DemoCluster.A_DOMAIN + "/histogram").path("days");
            if (days.size() > 0 && days.get(days.size() - 1).path("transmissions").asLong() >= 1) {
                JsonNode today = days.get(days.size() - 1);
                System.out.println("a.example on " + today.path("day").asText() + " in analytics: " + today.path("transmissions").asLong()
                    + " validated transmission(s), " + today.path("reports").asLong() + " report(s), trust " + today.path("trust").asText());
                return true;
            }
            Thread.sleep(RECEIPT_POLL.toMillis());
        }
        System.out.println("a.example's day did not show in analytics within " + DELIVERY_TIMEOUT.toSeconds() + " s");
        return false;
    }

    /** The federated path's last step: b.example's receipt, relayed by ciers-b, counted at ciers-a. */
    private static boolean awaitReceiptAtA(DemoCluster cluster) throws Exception {
        System.out.println("Waiting for the receipt: b.example -> " + DemoCluster.AUTHORITY_B + " -> " + DemoCluster.AUTHORITY_A + " ...");
        Instant deadline = Instant.now().plus(DELIVERY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            long counted = cluster.admin().domain(DomainName.of(DemoCluster.A_DOMAIN)).path("counters").path("transmissions").asLong();
            if (counted >= 1) {
                System.out.println("Validated transmissions of a.example counted at " + DemoCluster.AUTHORITY_A + ": " + counted);
                return true;
            }
            Thread.sleep(RECEIPT_POLL.toMillis());
        }
        System.out.println("The receipt did not reach " + DemoCluster.AUTHORITY_A + " within " + DELIVERY_TIMEOUT.toSeconds() + " s");
        return false;
    }
}
