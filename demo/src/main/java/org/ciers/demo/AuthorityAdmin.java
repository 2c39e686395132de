package org.ciers.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The operator's side of the authority: its WebAdmin JSON routes, as docs/authority.md shows them, with the run's operator token. */
public final class AuthorityAdmin {
    /** What an accredited domain is given once. */
    public record Accredited(DomainName domain, ServerId serverId, Passphrase passphrase) {
    }

    private final URI webAdmin;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public AuthorityAdmin(URI webAdmin) {
        this(webAdmin, Optional.empty());
    }

    /** An authority serving HTTPS with a certificate {@code trust} checks. */
    public AuthorityAdmin(URI webAdmin, Optional<SSLContext> trust) {
        this.webAdmin = webAdmin;
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        trust.ifPresent(client::sslContext);
        this.http = client.build();
    }

    public String registerOrganization(String name, String email) throws IOException, InterruptedException {
        Map<String, String> organization = Map.of("name", name, "type", "company", "contactName", "Postmaster",
            "address", "1 Loopback Road", "country", "FR", "email", email, "phone", "+33123456789");
        return post("/ciers/operator/organizations", organization).get("id").asText();
    }

    public Accredited accredit(String organizationId, String domain, List<String> mxHosts) throws IOException, InterruptedException {
        JsonNode credentials = post("/ciers/operator/organizations/" + organizationId + "/domains", Map.of("domain", domain, "mxHosts", mxHosts));
        return new Accredited(DomainName.of(credentials.get("domain").asText()), ServerId.of(credentials.get("serverId").asText()),
            Passphrase.of(credentials.get("passphrase").asText()));
    }

    public JsonNode domain(DomainName domain) throws IOException, InterruptedException {
        return get("/ciers/operator/domains/" + domain.asString());
    }

    /** Adds the authority's next signing key (spec §10): listed now, signing one ID lifetime later. */
    public JsonNode rotateSigningKey() throws IOException, InterruptedException {
        return post("/ciers/operator/signing-keys", Map.of());
    }

    /** Suspends an organization: its accounts, and its domains on the protocol and in the key set. */
    public void suspend(String organizationId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(webAdmin.resolve("/ciers/operator/organizations/" + organizationId + "/suspension"))
            .header(OperatorToken.HEADER, OperatorToken.bearer()).timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new IOException("POST " + response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Removes a retired signing key: every ID it signed is refused from then on. */
    public void removeSigningKey(int keyId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(webAdmin.resolve("/ciers/operator/signing-keys/" + keyId))
            .header(OperatorToken.HEADER, OperatorToken.bearer()).timeout(Duration.ofSeconds(10)).DELETE().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new IOException("DELETE " + response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Adds a peer authority (spec §7) at its HTTPS base URL; its key set is fetched at once. */
    public JsonNode putPeer(String name, URI baseUrl) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(webAdmin.resolve("/ciers/operator/peers/" + name))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header(OperatorToken.HEADER, OperatorToken.bearer())
            .PUT(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(Map.of("url", baseUrl.toString()))))
            .build();
        return expect(200, http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** The peers with their state and figures ({@code GET /ciers/operator/peers}). */
    public JsonNode peers() throws IOException, InterruptedException {
        return get("/ciers/operator/peers");
    }

    /** Suspends ({@code true}) or resumes a peer. */
    public void suspendPeer(String name, boolean suspended) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(webAdmin.resolve("/ciers/operator/peers/" + name + "/suspension"))
            .header(OperatorToken.HEADER, OperatorToken.bearer()).timeout(Duration.ofSeconds(10));
        HttpResponse<String> response = http.send(suspended ? request.POST(HttpRequest.BodyPublishers.noBody()).build()
            : request.DELETE().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new IOException(response.request().method() + " " + response.uri() + " answered " + response.statusCode() + ": "
                + response.body());
        }
    }

    /** Any of the admin routes' GET views, e.g. {@code /ciers/operator/domains/a.example/reports}. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(webAdmin.resolve(path))
            .header(OperatorToken.HEADER, OperatorToken.bearer()).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return expect(200, response);
    }

    private JsonNode post(String path, Object body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(webAdmin.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header(OperatorToken.HEADER, OperatorToken.bearer())
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
            .build();
        return expect(201, http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private JsonNode expect(int status, HttpResponse<String> response) throws IOException {
        if (response.statusCode() != status) {
            throw new IOException(response.request().method() + " " + response.uri() + " answered " + response.statusCode()
                + ": " + response.body());
        }
        return json.readTree(response.body());
    }
}
