package org.ciers.authority.transmission;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.ciers.protocol.xml.HostileDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input at volume, on an authority of its own (the failures it sends trip the per-address
 * limit, which other tests must not inherit).
 */
class FuzzedRequestsTest {
    @RegisterExtension
    static JamesServerExtension james = new JamesServerBuilder<MemoryJamesConfiguration>(tmpDir ->
        MemoryJamesConfiguration.builder()
            .workingDirectory(tmpDir)
            .configurationFromClasspath()
            .build())
        .server(MemoryJamesServerMain::createServer)
        .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS)
        .build();

    /**
     * Ten thousand generated bodies (a seeded generator, so a failure can be replayed): every answer
     * is a defined CIERS document, 400 malformed, 429 rate limited or a protocol answer; never a 500.
     */
    @Test
    void tenThousandGeneratedBodiesGetDefinedAnswersAndNeverA500(GuiceJamesServer server) throws Exception {
        int port = server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
        Random random = new Random(20261123L);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> types = List.of("auth_to_send", "trust_value", "client_response", "initiate_send", "error", "nope", "");
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < 10_000; i++) {
            String type = types.get(random.nextInt(types.size()));
            byte[] body = HostileDocuments.next(random, i);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ciers/v1/" + type))
                    .header("Content-Type", "application/xml")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
            statuses.merge(response.statusCode(), 1, Integer::sum);
            assertThat(response.statusCode()).as("body %d", i).isIn(200, 400, 404, 429);
            if (response.statusCode() != 404) {
                assertThat(response.body()).as("body %d", i).startsWith("<CIERS response_type=\"");
            }
        }
        assertThat(statuses.get(400)).isGreaterThan(1000);
    }
}
