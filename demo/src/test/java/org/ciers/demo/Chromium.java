package org.ciers.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real headless Chromium driven through Debian's chromedriver with the W3C WebDriver protocol
 * (plain JSON over HTTP): open a page, type into fields, click, read text, take a screenshot.
 */
final class Chromium implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process driver;
    private final URI base;
    private final String session;
    private final HttpClient http = HttpClient.newHttpClient();

    private Chromium(Process driver, URI base, String session) {
        this.driver = driver;
        this.base = base;
        this.session = session;
    }

    static Chromium start() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("no " + CHROMIUM + " or " + CHROMEDRIVER + ": scripts/ensure-chromium installs them");
        }
        int port = FreePorts.next();
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        URI base = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("/status")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    driver.destroyForcibly();
                    throw new IllegalStateException("chromedriver did not start", notYet);
                }
            }
            // polls with a bound: chromedriver gives no other readiness signal
            driver.waitFor(100, TimeUnit.MILLISECONDS);
        }
        Map<String, Object> capabilities = Map.of("capabilities", Map.of("alwaysMatch", Map.of(
            "browserName", "chrome",
            "goog:chromeOptions", Map.of("binary", CHROMIUM.toString(), "args", List.of("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-dev-shm-usage", "--window-size=1280,2000")))));
        JsonNode created = post(http, base.resolve("/session"), capabilities);
        return new Chromium(driver, base, created.path("value").path("sessionId").asText());
    }

    void open(String url) throws Exception {
        command("/url", Map.of("url", url));
    }

    void type(String css, String text) throws Exception {
        String element = element(css);
        command("/element/" + element + "/clear", Map.of());
        command("/element/" + element + "/value", Map.of("text", text));
    }

    void click(String css) throws Exception {
        command("/element/" + element(css) + "/click", Map.of());
    }

    String text(String css) throws Exception {
        return get("/element/" + element(css) + "/text").path("value").asText();
    }

    /** Waits, at most 30 s, until the element's text contains {@code expected}; returns the text. */
    String awaitText(String css, String expected) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        String text = "";
        while (Instant.now().isBefore(deadline)) {
            try {
                text = text(css);
                if (text.contains(expected)) {
                    return text;
                }
            } catch (IllegalStateException notThereYet) {
                // the page is still building
            }
            // polls with a bound: the page gives the test no other signal
            driver.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError(css + " did not show '" + expected + "' within " + WAIT.toSeconds() + " s; it shows: " + text);
    }

    /** How many elements the page has that match {@code css} (none: 0). */
    int count(String css) throws Exception {
        return command("/elements", Map.of("using", "css selector", "value", css)).path("value").size();
    }

    /** Waits, at most 30 s, until the page has at least {@code expected} elements matching {@code css}; returns how many. */
    int awaitCount(String css, int expected) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        int count = 0;
        while (Instant.now().isBefore(deadline)) {
            count = count(css);
            if (count >= expected) {
                return count;
            }
            // polls with a bound: the page gives the test no other signal
            driver.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError(css + ": " + count + " element(s) after " + WAIT.toSeconds() + " s, not " + expected);
    }

    void screenshot(Path png) throws Exception {
        Files.createDirectories(png.getParent());
        Files.write(png, Base64.getDecoder().decode(get("/screenshot").path("value").asText()));
    }

    private String element(String css) throws Exception {
        return command("/element", Map.of("using", "css selector", "value", css)).path("value").path(ELEMENT).asText();
    }

    private JsonNode command(String path, Object body) throws Exception {
        return post(http, base.resolve("/session/" + session + path), body);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/session/" + session + path)).build(),
            HttpResponse.BodyHandlers.ofString());
        return checked(response);
    }

    private static JsonNode post(HttpClient http, URI uri, Object body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        return checked(response);
    }

    private static JsonNode checked(HttpResponse<String> response) throws IOException {
        JsonNode json = JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("WebDriver " + response.uri().getPath() + ": " + json.path("value").path("message").asText());
        }
        return json;
    }

    @Override
    public void close() throws Exception {
        try {
            http.send(HttpRequest.newBuilder(base.resolve("/session/" + session)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        } finally {
            driver.destroy();
            if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                driver.destroyForcibly();
            }
        }
    }
}
