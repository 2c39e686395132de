package org.ciers.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One user's JMAP mail program (RFC 8620/8621) over HTTP with Basic authentication: what a JMAP
 * client sends to file a message elsewhere, an {@code Email/set} that replaces its {@code mailboxIds}.
 */
final class JmapClient {
    /** James answers RFC 8621 only to requests that ask for it. */
    private static final String ACCEPT = "application/json; jmapVersion=rfc-8621";
    private static final String MAIL = "urn:ietf:params:jmap:mail";
    private static final List<String> USING = List.of("urn:ietf:params:jmap:core", MAIL);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI base;
    private final String authorization;

    JmapClient(int port, String user, String password) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Moves the message with this subject from one mailbox into another, both named by their names. */
    void move(String subject, String fromMailbox, String toMailbox) throws IOException, InterruptedException {
        String account = account();
        Map<String, String> mailboxes = mailboxIdsByName(account);
        String from = mailboxId(mailboxes, fromMailbox);
        String to = mailboxId(mailboxes, toMailbox);
        JsonNode found = call(account, "Email/query", Map.of("filter", Map.of("inMailbox", from)));
        List<String> candidates = StreamSupport.stream(found.path("ids").spliterator(), false).map(JsonNode::asText).toList();
        JsonNode emails = call(account, "Email/get", Map.of("ids", candidates, "properties", List.of("id", "subject")));
        String email = StreamSupport.stream(emails.path("list").spliterator(), false)
            .filter(each -> subject.equals(each.path("subject").asText()))
            .map(each -> each.path("id").asText())
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no message \"" + subject + "\" in " + fromMailbox + ": " + emails));
        JsonNode set = call(account, "Email/set", Map.of("update", Map.of(email, Map.of("mailboxIds", Map.of(to, true)))));
        if (!set.path("updated").has(email)) {
            throw new IllegalStateException("JMAP did not move " + email + ": " + set);
        }
    }

    private String account() throws IOException, InterruptedException {
        JsonNode session = send(HttpRequest.newBuilder(base.resolve("/jmap/session")).GET());
        String account = session.path("primaryAccounts").path(MAIL).asText();
        if (account.isEmpty()) {
            throw new IllegalStateException("no mail account in the JMAP session: " + session);
        }
        return account;
    }

    private Map<String, String> mailboxIdsByName(String account) throws IOException, InterruptedException {
        JsonNode mailboxes = call(account, "Mailbox/get", Map.of("properties", List.of("id", "name")));
        return StreamSupport.stream(mailboxes.path("list").spliterator(), false)
            .collect(Collectors.toMap(each -> each.path("name").asText(), each -> each.path("id").asText()));
    }

    private static String mailboxId(Map<String, String> mailboxes, String name) {
        String id = mailboxes.get(name);
        if (id == null) {
            throw new IllegalStateException("no mailbox " + name + " among " + mailboxes.keySet());
        }
        return id;
    }

    /** One method call in one request; its response's arguments, or an exception naming JMAP's error. */
    private JsonNode call(String account, String method, Map<String, Object> arguments) throws IOException, InterruptedException {
        Map<String, Object> withAccount = new HashMap<>(arguments);
        withAccount.put("accountId", account);
        Map<String, Object> request = Map.of("using", USING, "methodCalls", List.of(List.of(method, withAccount, "c0")));
        JsonNode response = send(HttpRequest.newBuilder(base.resolve("/jmap"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request))));
        JsonNode invocation = response.path("methodResponses").path(0);
        if (!method.equals(invocation.path(0).asText())) {
            throw new IllegalStateException(method + " failed: " + response);
        }
        return invocation.path(1);
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.header("Accept", ACCEPT).header("Authorization", authorization).timeout(TIMEOUT)
            .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("JMAP answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
