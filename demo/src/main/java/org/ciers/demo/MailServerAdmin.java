package org.ciers.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A mail server's WebAdmin, for what an administrator sets up: domains and users. */
public final class MailServerAdmin {
    private final URI webAdmin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public MailServerAdmin(URI webAdmin) {
        this.webAdmin = webAdmin;
    }

    public void addDomain(String domain) throws IOException, InterruptedException {
        put("/domains/" + domain, "");
    }

    public void addUser(String address, String password) throws IOException, InterruptedException {
        put("/users/" + address, "{\"password\":\"" + password + "\"}");
    }

    private void put(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(webAdmin.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("PUT " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
