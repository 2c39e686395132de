package org.ciers.authority.opensearch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.ciers.authority.analytics.AnalyticsConfiguration;
import org.ciers.opensearch.OpenSearchNode;
import org.ciers.opensearch.OpenSearchNodeExtension;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.ClientResponseRequest;
import org.ciers.protocol.message.ClientResponseResponse;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.Verdict;
import org.ciers.protocol.settings.CiersProperties;
import org.ciers.protocol.xml.CiersXml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.http.ContentType;

/**
 * A real in-process James authority with analytics on a real OpenSearch node: reports made over the
 * protocol while the node is killed are answered as always, wait, and are all indexed once after it
 * returns; the operator's routes read them.
 */
@ExtendWith(OpenSearchNodeExtension.class)
class AnalyticsThroughTheAuthorityTest {
    static final int REPORTS = 2_000;
    static final Duration AWAIT = Duration.ofSeconds(120);

    record Credentials(DomainName domain, ServerId serverId, Passphrase passphrase) {
    }

    static GuiceJamesServer server;
    static int port;
    static AuthorityClient client;
    static Credentials sender;
    static Credentials recipient;

    @BeforeAll
    static void start(OpenSearchNode node, @TempDir Path workingDirectory) throws Exception {
        Properties properties = new Properties();
        try (InputStream defaults = AnalyticsThroughTheAuthorityTest.class.getResourceAsStream("/" + CiersProperties.FILE)) {
            properties.load(defaults);
        }
        properties.putAll(Map.of(
            AnalyticsConfiguration.KIND, OpenSearchAnalyticsIndexFactory.KIND,
            AnalyticsConfiguration.FIGURES_INTERVAL, "1s",
            OpenSearchSettings.HOSTS, node.url().toString(),
            OpenSearchSettings.INDEX_PREFIX, "authority-",
            OpenSearchSettings.REPLICAS, "0",
            OpenSearchSettings.TIMEOUT, "2s"));
        // James reads conf/ under its working directory: the test's configuration, with this run's OpenSearch node
        Path conf = Files.createDirectories(workingDirectory.resolve("conf"));
        for (String file : List.of("extensions.properties", "jmx.properties", "mailetcontainer.xml", "webadmin.properties")) {
            try (InputStream resource = AnalyticsThroughTheAuthorityTest.class.getResourceAsStream("/" + file)) {
                Files.copy(resource, conf.resolve(file));
            }
        }
        try (Writer ciers = Files.newBufferedWriter(conf.resolve(CiersProperties.FILE))) {
            properties.store(ciers, null);
        }
        server = MemoryJamesServerMain.createServer(MemoryJamesConfiguration.builder()
            .workingDirectory(workingDirectory.toFile())
            .build());
        server.start();
        port = server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
        client = new AuthorityClient(new AuthorityClient.Settings(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(10),
            Optional.empty()), new CiersXml());
        String organization = given().port(port).contentType(ContentType.JSON)
            .body("{\"name\":\"Example\",\"type\":\"company\",\"contactName\":\"Ann Admin\",\"address\":\"1 Main St\","
                + "\"country\":\"FR\",\"email\":\"admin@example.com\",\"phone\":\"+33123456789\"}")
            .post("/ciers/operator/organizations")
            .then().statusCode(201)
            .extract().path("id");
        sender = accredit(organization, "sender.example");
        recipient = accredit(organization, "recipient.example");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    static Credentials accredit(String organization, String domain) {
        Map<?, ?> body = given().port(port).contentType(ContentType.JSON)
            .body("{\"domain\":\"" + domain + "\",\"mxHosts\":[\"mx." + domain + "\"]}")
            .post("/ciers/operator/organizations/" + organization + "/domains")
            .then().statusCode(201)
            .extract().as(Map.class);
        return new Credentials(DomainName.of(domain), ServerId.of((String) body.get("serverId")), Passphrase.of((String) body.get("passphrase")));
    }

    @Test
    void reportsMadeWhileTheIndexIsKilledAreAnsweredAsAlwaysAndAllIndexedOnceAfterItReturns(OpenSearchNode node) throws Exception {
        List<String> reported = new ArrayList<>();
        CompletableFuture<Void> restarted = null;
        try {
            for (int i = 0; i < REPORTS; i++) {
                if (i == REPORTS / 4) {
                    node.kill();
                }
                if (i == REPORTS / 2) {
                    // the copy's failure shows in the operator's view while reports go on being answered
                    await().atMost(AWAIT).untilAsserted(() -> given().port(port).get("/ciers/operator/analytics")
                        .then().statusCode(200).body("failure", notNullValue()));
                }
                if (i == REPORTS * 3 / 4) {
                    restarted = CompletableFuture.runAsync(() -> {
                        try {
                            node.restart();
                        } catch (IOException | InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
                AuthToSendResponse granted = client.authToSend(new AuthToSendRequest(sender.serverId(), sender.passphrase(), recipient.domain()));
                assertThat(granted).isInstanceOf(AuthToSendResponse.Granted.class);
                MessageId messageId = ((AuthToSendResponse.Granted) granted).messageId();
                assertThat(client.clientResponse(ClientResponseRequest.byServer(sender.serverId(), messageId, Verdict.SPAM,
                    recipient.serverId(), recipient.passphrase()))).isInstanceOf(ClientResponseResponse.ResponseAccepted.class);
                reported.add(messageId.asString());
            }
        } finally {
            if (restarted != null) {
                restarted.join();
            } else if (!node.isRunning()) {
                node.restart();
            }
        }

        await().atMost(AWAIT).untilAsserted(() -> given().port(port).queryParam("sender", sender.domain().asString()).queryParam("size", 1)
            .get("/ciers/operator/analytics/reports")
            .then().statusCode(200).body("total", equalTo(REPORTS)));
        List<String> indexed = new ArrayList<>();
        for (int page = 0; page < REPORTS / 500; page++) {
            indexed.addAll(given().port(port).queryParam("sender", sender.domain().asString()).queryParam("size", 500).queryParam("page", page)
                .queryParam("order", "oldest")
                .get("/ciers/operator/analytics/reports")
                .then().statusCode(200).body("reports", hasSize(500))
                .extract().<List<String>>path("reports.messageId"));
        }
        assertThat(indexed).hasSize(REPORTS).doesNotHaveDuplicates();
        assertThat(new HashSet<>(indexed)).isEqualTo(new HashSet<>(reported));
        given().port(port).get("/ciers/operator/analytics").then().statusCode(200).body("pending", equalTo(0));

        // the daily figures follow: each report counted a transmission, trust fell to 0
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        await().atMost(AWAIT).untilAsserted(() -> given().port(port)
            .get("/ciers/operator/analytics/domains/" + sender.domain() + "/histogram")
            .then().statusCode(200)
            .body("days.find { it.day == '" + today + "' }.transmissions", equalTo(REPORTS))
            .body("days.find { it.day == '" + today + "' }.reports", equalTo(REPORTS))
            .body("days.find { it.day == '" + today + "' }.trust", equalTo(0.0f)));
        given().port(port).queryParam("min", 1).get("/ciers/operator/analytics/top-offenders")
            .then().statusCode(200)
            .body("offenders[0].domain", equalTo(sender.domain().asString()))
            .body("offenders[0].standingReports", equalTo(REPORTS))
            .body("offenders[0].spamRate", equalTo(1.0f));
    }

    @Test
    void badSearchParametersAreAnswered400NamingTheParameter() {
        for (Map.Entry<String, String> bad : Map.of("state", "spam", "from", "yesterday", "page", "-1", "size", "100000",
            "sender", "not a domain", "organization", "x", "order", "random").entrySet()) {
            given().port(port).queryParam(bad.getKey(), bad.getValue()).get("/ciers/operator/analytics/reports")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("message", startsWith(bad.getKey() + ":"));
        }
        given().port(port).queryParam("from", "2026-01-10").queryParam("to", "2026-01-01").get("/ciers/operator/analytics/top-offenders")
            .then().statusCode(400).body("message", startsWith("from:"));
        given().port(port).queryParam("from", "2020-01-01").queryParam("to", "2026-01-01")
            .get("/ciers/operator/analytics/domains/a.example/histogram")
            .then().statusCode(400).body("message", startsWith("to:"));
        // 366 days, both included, and not one more
        given().port(port).queryParam("from", "2024-01-01").queryParam("to", "2024-12-31")
            .get("/ciers/operator/analytics/domains/a.example/histogram").then().statusCode(200);
        given().port(port).queryParam("from", "2024-01-01").queryParam("to", "2025-01-01")
            .get("/ciers/operator/analytics/domains/a.example/histogram").then().statusCode(400).body("message", startsWith("to:"));
        // days the JVM parses but no window can span or the index hold: 400, never a 500 or the index's own error
        for (String far : List.of("+999999999-12-01", "-999999999-01-01", "+10000-01-01", "1999-12-31")) {
            given().port(port).queryParam("to", far).get("/ciers/operator/analytics/top-offenders")
                .then().statusCode(400).body("message", startsWith("to:"));
            given().port(port).queryParam("from", far).get("/ciers/operator/analytics/reports")
                .then().statusCode(400).body("message", startsWith("from:"));
        }
    }
}
