package org.ciers.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

import org.awaitility.Awaitility;
import org.ciers.opensearch.OpenSearchNode;
import org.ciers.opensearch.OpenSearchNodeExtension;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.ClientResponseRequest;
import org.ciers.protocol.message.TrustValueRequest;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.Verdict;
import org.ciers.protocol.xml.CiersXml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Accreditation with real parts: the authority process mails through its own James to a.example,
 * whose users read the confirmation and approval mails over IMAP; the phone code comes from the
 * default PhoneVerifier's log line; a certificate from the authority's CA serves a real James
 * SMTP server; and a real headless Chromium signs an organization up through the portal page and
 * sees its domain's trust drawn from the analytics copy on a real OpenSearch node, as the operator
 * sees the top offenders on the analytics page.
 */
@ExtendWith(OpenSearchNodeExtension.class)
class AccreditationIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Pattern PHONE_CODE = Pattern.compile("CIERS phone confirmation code for (\\+\\d+): (\\d{6})");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String PASSWORD = "correct horse 42 battery";

    static DemoLayout layout;
    static DemoCertificates ca;
    static JamesProcess authority;
    static MailServer a;
    static AuthorityAdmin.Accredited aCredentials;
    static MailClient mail;
    static AuthorityClient protocol;
    static final List<AutoCloseable> SERVERS = new ArrayList<>();

    @BeforeAll
    static void start(OpenSearchNode opensearch) throws Exception {
        layout = DemoLayout.fromSystemProperties();
        ca = DemoCertificates.createAuthority("test CA");
        int aSmtpPort = FreePorts.next();
        // analytics on: the portal's and the operator's charts; figures each second, every domain ranked
        authority = JamesProcess.startAuthority("authority", layout, Map.of("authority.analytics", "opensearch",
            "authority.analytics.opensearch.hosts", opensearch.url().toString(), "authority.analytics.opensearch.replicas", "0",
            "authority.analytics.opensearch.index.prefix", "accreditation-", "authority.analytics.figures.interval", "1s",
            "authority.analytics.top.min.transmissions", "1"), Optional.of(aSmtpPort));
        SERVERS.add(authority);
        AuthorityAdmin admin = new AuthorityAdmin(authority.webAdmin());
        aCredentials = admin.accredit(admin.registerOrganization("Example A", "admin@a.example"), "a.example", List.of("mx.a.example"));
        a = MailServer.builder(layout, ca, "a.example").authority(authority.webAdmin(), aCredentials.serverId(), aCredentials.passphrase())
            .user("admin").user("hostmaster").user("web").smtpPort(aSmtpPort).start();
        SERVERS.add(a);
        mail = new MailClient(ca.clientContext());
        protocol = new AuthorityClient(new AuthorityClient.Settings(authority.webAdmin(), Duration.ofSeconds(10), Optional.empty()),
            new CiersXml());
    }

    @AfterAll
    static void stop() throws Exception {
        ParallelStart.closeAll(SERVERS);
    }

    static JsonNode call(String method, String path, Object body, Optional<String> token, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(authority.webAdmin() + path))
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return response.body().isBlank() || !response.body().startsWith("{") && !response.body().startsWith("[")
            ? JSON.nullNode() : JSON.readTree(response.body());
    }

    /** The link in the user's INBOX that contains {@code marker} and {@code about}, as a path on the authority. */
    static String mailedLink(String user, String marker, String about) {
        return Awaitility.await().atMost(WAIT).ignoreExceptions().until(() -> {
            for (String message : mail.read(a.imapPort(), user, MailServer.PASSWORD, "INBOX")) {
                String text = message.replace("=\r\n", "").replace("=3D", "=");
                Optional<String> link = text.lines().filter(line -> line.contains(marker) && line.contains(about))
                    .map(line -> line.substring(line.indexOf("/ciers/portal/")).trim()).findFirst();
                if (link.isPresent()) {
                    return link.get();
                }
            }
            return null;
        }, link -> link != null);
    }

    static String get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(authority.webAdmin() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    static String phoneCode(String phone) {
        return Awaitility.await().atMost(WAIT).until(() -> {
            Matcher matcher = PHONE_CODE.matcher(Files.readString(authority.log()));
            String code = null;
            while (matcher.find()) {
                if (matcher.group(1).equals(phone)) {
                    code = matcher.group(2);
                }
            }
            return code;
        }, code -> code != null);
    }

    /**
     * Requests a domain with the contact approval, approves it through the link mailed to its
     * hostmaster (a mailbox of the domain itself, kept on a.example's server for the test), takes the credentials.
     */
    static JsonNode accreditedThroughThePortal(String token, String domain, List<String> mxHosts) throws Exception {
        a.admin().addDomain(domain);
        a.admin().addUser("hostmaster@" + domain, MailServer.PASSWORD);
        JsonNode request = call("POST", "/ciers/portal/api/domains", Map.of("domain", domain, "mxHosts", mxHosts, "proof", "contact",
            "contactMailbox", "hostmaster"), Optional.of(token), 201);
        String requestId = request.path("id").asText();
        assertThat(get(mailedLink("hostmaster@" + domain, "decision=approve", requestId))).contains(domain + " approved");
        return call("POST", "/ciers/portal/api/domains/" + requestId + "/credentials", null, Optional.of(token), 201);
    }

    @Test
    void operatorRoutesNeedTheOperatorsTokenWhileTheProtocolTheKeysAndThePortalArePublic() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String strangersToken = "Bearer " + OperatorToken.mint(generator.generateKeyPair().getPrivate(), "operator", Duration.ofHours(1));
        for (Optional<String> authorization : List.of(Optional.<String>empty(), Optional.of(strangersToken))) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(authority.webAdmin() + "/ciers/operator/organizations"));
            authorization.ifPresent(value -> request.header(OperatorToken.HEADER, value));
            assertThat(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as(authorization.isPresent()
                ? "a token of another key" : "no token").isEqualTo(401);
        }
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(authority.webAdmin() + "/ciers/operator/organizations"))
            .header(OperatorToken.HEADER, OperatorToken.bearer()).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        // with no token at all: the protocol, the key set, the portal and its root certificate
        assertThat(protocol.authToSend(new AuthToSendRequest(aCredentials.serverId(), aCredentials.passphrase(), aCredentials.domain())))
            .isInstanceOf(AuthToSendResponse.Granted.class);
        assertThat(protocol.keys().keys()).isNotEmpty();
        assertThat(get("/ciers/portal/")).contains("<html");
        assertThat(get("/ciers/ca/root.pem")).contains("BEGIN CERTIFICATE");
    }

    @Test
    void signUpConfirmByMailAndPhoneGetADomainApprovedByMailUseItsCredentialsAndServeTlsWithItsCertificate() throws Exception {
        call("POST", "/ciers/portal/signup", Map.of("name", "Example C", "type", "company", "contactName", "Cleo", "address", "3 Main St",
            "country", "FR", "email", "admin@a.example", "phone", "+33100000003", "username", "examplec", "password", PASSWORD),
            Optional.empty(), 201);
        assertThat(get(mailedLink("admin@a.example", "confirm-email", "user=examplec"))).contains("Email address confirmed");
        assertThat(call("POST", "/ciers/portal/confirm-phone", Map.of("username", "examplec", "code", phoneCode("+33100000003")),
            Optional.empty(), 200).path("status").asText()).isEqualTo("active");
        String token = call("POST", "/ciers/portal/login", Map.of("username", "examplec", "password", PASSWORD), Optional.empty(), 200)
            .path("token").asText();

        JsonNode credentials = accreditedThroughThePortal(token, "c.example", List.of("mx.c.example"));
        AuthToSendResponse granted = protocol.authToSend(new AuthToSendRequest(ServerId.of(credentials.path("serverId").asText()),
            Passphrase.of(credentials.path("passphrase").asText()), DomainName.of("a.example")));
        assertThat(granted).isInstanceOf(AuthToSendResponse.Granted.class);

        // a key made by the authority, once, as PKCS#12; a real James serves STARTTLS with it
        JsonNode certificate = call("POST", "/ciers/portal/api/certificates", Map.of("domain", "c.example", "mxHost", "mx.c.example"),
            Optional.of(token), 201);
        MailServer c = MailServer.builder(layout, ca, "c.example")
            .authority(authority.webAdmin(), ServerId.of(credentials.path("serverId").asText()),
                Passphrase.of(credentials.path("passphrase").asText()))
            .keystore(Base64.getDecoder().decode(certificate.path("pkcs12").asText()), certificate.path("password").asText())
            .start();
        SERVERS.add(c);
        SSLContext trustingTheAuthorityRoot = trusting(get("/ciers/ca/root.pem"));
        try (SmtpSession smtp = SmtpSession.connect(c.smtpPort())) {
            smtp.command("EHLO mx.a.example");
            smtp.startTls(trustingTheAuthorityRoot, "mx.c.example", true);
            assertThat(smtp.command("EHLO mx.a.example")).contains("CIERS");
        }
        try (SmtpSession smtp = SmtpSession.connect(c.smtpPort())) {
            smtp.command("EHLO mx.a.example");
            assertThatThrownBy(() -> smtp.startTls(trustingTheAuthorityRoot, "mx.elsewhere.example", true))
                .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void anOrganizationSignsUpInChromiumLogsInAndSeesAFlaggedMessage() throws Exception {
        try (Chromium browser = Chromium.start()) {
            browser.open(authority.webAdmin() + "/ciers/portal/");
            Map<String, String> fields = Map.of("#signup-name", "Web Co", "#signup-type", "company", "#signup-contact", "Wendy",
                "#signup-address", "4 Main St", "#signup-country", "FR", "#signup-email", "web@a.example", "#signup-phone", "+33100000004",
                "#signup-username", "webco", "#signup-password", PASSWORD);
            for (Map.Entry<String, String> field : fields.entrySet()) {
                browser.type(field.getKey(), field.getValue());
            }
            browser.click("#signup-form button[type=submit]");
            browser.awaitText("#status", "Signed up as webco");

            browser.open(authority.webAdmin() + mailedLink("web@a.example", "confirm-email", "user=webco"));
            browser.awaitText("h1", "Email address confirmed");

            browser.open(authority.webAdmin() + "/ciers/portal/");
            browser.type("#phone-username", "webco");
            browser.type("#phone-code", phoneCode("+33100000004"));
            browser.click("#phone-form button[type=submit]");
            browser.awaitText("#status", "Your account is active");

            // a domain of Web Co sends a message that a.example reports
            String token = call("POST", "/ciers/portal/login", Map.of("username", "webco", "password", PASSWORD), Optional.empty(), 200)
                .path("token").asText();
            JsonNode credentials = accreditedThroughThePortal(token, "w.example", List.of("mx.w.example"));
            ServerId wServer = ServerId.of(credentials.path("serverId").asText());
            MessageId messageId = ((AuthToSendResponse.Granted) protocol.authToSend(new AuthToSendRequest(wServer,
                Passphrase.of(credentials.path("passphrase").asText()), DomainName.of("a.example")))).messageId();
            protocol.trustValue(new TrustValueRequest(aCredentials.serverId(), aCredentials.passphrase(), wServer, messageId));
            protocol.clientResponse(ClientResponseRequest.byServer(wServer, messageId, Verdict.SPAM, aCredentials.serverId(),
                aCredentials.passphrase()));

            // the day's figures reach the analytics copy (taken each second here)
            Awaitility.await().atMost(WAIT).until(() -> call("GET", "/ciers/portal/api/domains/w.example/histogram", null, Optional.of(token), 200)
                .path("days").findValues("reports").stream().anyMatch(reports -> reports.asInt() == 1));

            browser.type("#login-username", "webco");
            browser.type("#login-password", PASSWORD);
            browser.click("#login-form button[type=submit]");
            browser.awaitText("#account-summary", "logged in as webco");
            String flagged = browser.awaitText("#reports tbody", messageId.asString());
            // times as a person reads them, not ISO-8601
            assertThat(flagged).contains("a.example").contains("standing").doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T");
            // the domain as the organization came to see it: trust 0 (one transmission, one standing report), drawn per day
            String domainRow = browser.awaitText("#domains tbody tr[data-domain='w.example']", "w.example");
            assertThat(domainRow).containsPattern("w\\.example 0(\\.0+)? 1 1 0");
            browser.awaitText("#chart-title", "w.example");
            assertThat(browser.awaitCount("#trust-chart svg circle.point", 1)).isPositive();
            assertThat(browser.awaitCount("#volume-chart svg rect.bar", 2)).isGreaterThanOrEqualTo(2);
            browser.screenshot(Path.of(System.getProperty("ciers.build.dir", "target"), "portal-screenshots", "flagged-messages.png"));

            // the operator's analytics page: the top offenders, w.example's days, its reports
            browser.open(authority.webAdmin() + "/ciers/portal/operator.html");
            browser.type("#operator-token", OperatorToken.bearer());
            browser.click("#operator-token-form button[type=submit]");
            assertThat(browser.awaitText("#offenders tbody", "w.example")).contains("w.example 100 % 1 1");
            assertThat(browser.awaitCount("#offenders-chart svg rect.bar", 1)).isPositive();
            browser.type("#history-domain", "w.example");
            browser.click("#history-form button[type=submit]");
            browser.awaitText("#history-chart-title", "w.example");
            assertThat(browser.awaitCount("#history-trust-chart svg circle.point", 1)).isPositive();
            browser.type("#search-sender", "w.example");
            browser.click("#search-form button[type=submit]");
            assertThat(browser.awaitText("#search-results tbody", messageId.asString())).contains("standing");
            browser.screenshot(Path.of(System.getProperty("ciers.build.dir", "target"), "portal-screenshots", "operator-analytics.png"));
        }
    }

    static SSLContext trusting(String rootPem) throws Exception {
        X509Certificate root = (X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(rootPem.getBytes(StandardCharsets.US_ASCII)));
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("ciers-root", root);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
