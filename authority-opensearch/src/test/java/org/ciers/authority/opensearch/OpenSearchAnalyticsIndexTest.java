package org.ciers.authority.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.ciers.authority.analytics.AnalyticsIndex;
import org.ciers.authority.analytics.AnalyticsUnavailableException;
import org.ciers.authority.model.AnalyticsRecord;
import org.ciers.opensearch.OpenSearchNode;
import org.ciers.opensearch.OpenSearchNodeExtension;
import org.ciers.protocol.settings.CiersProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the index does with what OpenSearch refuses, on a real node. */
@ExtendWith(OpenSearchNodeExtension.class)
class OpenSearchAnalyticsIndexTest {
    static final String PREFIX = "refusals-";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static AnalyticsIndex index;
    static URI node;

    @BeforeAll
    static void start(OpenSearchNode opensearch) {
        node = opensearch.url();
        index = new OpenSearchAnalyticsIndexFactory().create(new CiersProperties(Map.of(OpenSearchSettings.HOSTS, node.toString(),
            OpenSearchSettings.INDEX_PREFIX, PREFIX, OpenSearchSettings.REPLICAS, "0")::get));
        index.recreate();
    }

    @AfterAll
    static void close() {
        index.close();
    }

    static AnalyticsRecord audit(String id, long version, String json) {
        return new AnalyticsRecord(AnalyticsRecord.Index.AUDIT, id, version, json);
    }

    static String event(String action) {
        return "{\"at\":\"2026-12-03T10:00:00Z\",\"actor\":\"webadmin\",\"action\":\"" + action + "\",\"subject\":\"a.example\",\"suspension\":false}";
    }

    static void writeBlock(boolean blocked) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(node.resolve("/" + PREFIX + "audit/_settings"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"index.blocks.write\":" + blocked + "}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    @Test
    void aReadOnlyIndexFailsTheBatchToBeSentAgainAndNothingIsDropped() throws Exception {
        writeBlock(true);
        try {
            // OpenSearch answers 403 (a full disk makes an index read-only so): the records must wait, not be dropped
            assertThatThrownBy(() -> index.index(List.of(audit("blocked-1", 1, event("x.blocked")))))
                .isInstanceOf(AnalyticsUnavailableException.class);
        } finally {
            writeBlock(false);
        }
        index.index(List.of(audit("blocked-1", 1, event("x.blocked"))));
        index.refresh();
        assertThat(index.dump(AnalyticsRecord.Index.AUDIT)).anyMatch(document -> document.startsWith("blocked-1 "));
    }

    @Test
    void aDocumentThatDoesNotFitTheMappingIsDroppedAndTheRestOfItsBatchIndexed() {
        index.index(List.of(audit("fits", 1, event("x.fits")), audit("does-not-fit", 1, "{\"unknown_field\":1}")));
        index.refresh();

        assertThat(index.dump(AnalyticsRecord.Index.AUDIT)).anyMatch(document -> document.startsWith("fits "))
            .noneMatch(document -> document.startsWith("does-not-fit "));
    }

    @Test
    void anOlderVersionNeverReplacesANewerOneAndAnEqualOneIsOneDocument() {
        index.index(List.of(audit("versioned", 5, event("x.newer"))));
        index.index(List.of(audit("versioned", 3, event("x.older")), audit("versioned", 5, event("x.newer"))));
        index.refresh();

        assertThat(index.dump(AnalyticsRecord.Index.AUDIT)).filteredOn(document -> document.startsWith("versioned "))
            .singleElement().asString().contains("v5").contains("x.newer");
    }
}
