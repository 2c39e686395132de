package org.ciers.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.ObjectMapper;

/** A mail server's WebAdmin, for what an administrator sets up and looks at: domains, users, queues. */
public final class MailServerAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI webAdmin;
    private final HttpClient http;

    public MailServerAdmin(URI webAdmin) {
        this(webAdmin, Optional.empty());
    }

    /** Any James's WebAdmin, over HTTPS trusting {@code trust} when given (an authority's health checks). */
    public MailServerAdmin(URI webAdmin, Optional<SSLContext> trust) {
        this.webAdmin = webAdmin;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        trust.ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    public void addDomain(String domain) throws IOException, InterruptedException {
        put("/domains/" + domain, "");
    }

    public void addUser(String address, String password) throws IOException, InterruptedException {
        put("/users/" + address, "{\"password\":\"" + password + "\"}");
    }

    /** The number of mails waiting in a mail queue, e.g. RemoteDelivery's "outgoing". */
    public long queueSize(String queue) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(webAdmin.resolve("/mailQueues/" + queue))
            .header(OperatorToken.HEADER, OperatorToken.bearer()).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /mailQueues/" + queue + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).path("size").asLong();
    }

    /**
     * The value of one of James's metrics from {@code GET /metrics} (Prometheus text: dashes become
     * underscores, a counter is {@code <name>_total}, a timer's count {@code <name>_count}); 0 when
     * the metric has not been created yet.
     */
    public double metric(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(webAdmin.resolve("/metrics"))
            .header(OperatorToken.HEADER, OperatorToken.bearer()).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /metrics answered " + response.statusCode() + ": " + response.body());
        }
        String prometheusName = name.replace('-', '_').replace('.', '_');
        return response.body().lines()
            .filter(line -> line.startsWith(prometheusName + " ") || line.startsWith(prometheusName + "_total "))
            .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim()))
            .findFirst()
            .orElse(0);
    }

    /** The status ("healthy", "degraded", "unhealthy") of one of James's health checks. */
    public String health(String componentName) throws IOException, InterruptedException {
        String escaped = URLEncoder.encode(componentName, StandardCharsets.UTF_8).replace("+", "%20");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(webAdmin.resolve("/healthcheck/checks/" + escaped))
            .header(OperatorToken.HEADER, OperatorToken.bearer()).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("status").asText();
    }

    private void put(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(webAdmin.resolve(path))
            .header(OperatorToken.HEADER, OperatorToken.bearer()).timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("PUT " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
