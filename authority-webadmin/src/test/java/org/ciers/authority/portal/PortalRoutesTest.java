package org.ciers.authority.portal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.ciers.authority.accreditation.LoggingPhoneVerifier;
import org.ciers.authority.shared.AuthorityMailer;
import org.ciers.protocol.SettableClock;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.xml.CiersXml;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import reactor.core.publisher.Mono;

/**
 * Accreditation through the portal routes on a real in-process James authority: sign-up, the mailed
 * link and the phone code, login, a domain approved by its contact, by DNS or by the operator,
 * credentials once, certificates from the authority's CA. Mail and phone are captured (the
 * end-to-end test reads real mail over IMAP); DNS is faked, it is outside the project.
 */
class PortalRoutesTest {
    static final SettableClock CLOCK = new SettableClock(Instant.now());
    static final AtomicInteger NAMES = new AtomicInteger();
    static final List<SentMail> MAILS = new CopyOnWriteArrayList<>();
    static final Map<String, String> PHONE_CODES = new ConcurrentHashMap<>();
    static final Map<String, List<String>> TXT_RECORDS = new ConcurrentHashMap<>();
    static final Pattern CODE = Pattern.compile("code=([A-Z2-7]+)");

    record SentMail(String to, String subject, String text) {
    }

    static class CapturingMailer extends AuthorityMailer {
        CapturingMailer() {
            super(null, null);
        }

        @Override
        public Mono<Void> send(String to, String subject, String text) {
            return Mono.fromRunnable(() -> MAILS.add(new SentMail(to, subject, text)));
        }
    }

    /** Replaces the default phone verifier, which the authority's module binds {@code PhoneVerifier} to. */
    static class CapturingPhoneVerifier extends LoggingPhoneVerifier {
        @Override
        public void send(String phoneNumber, String code) {
            PHONE_CODES.put(phoneNumber, code);
        }
    }

    static class FakeDns implements DNSService {
        @Override
        public Collection<String> findMXRecords(String hostname) {
            return List.of();
        }

        @Override
        public Collection<String> findTXTRecords(String hostname) {
            return TXT_RECORDS.getOrDefault(hostname, List.of());
        }

        @Override
        public Collection<InetAddress> getAllByName(String host) {
            return List.of(InetAddress.getLoopbackAddress());
        }

        @Override
        public InetAddress getByName(String host) {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public InetAddress getLocalHost() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public String getHostName(InetAddress address) {
            return "localhost";
        }
    }

    @RegisterExtension
    static JamesServerExtension james = new JamesServerBuilder<MemoryJamesConfiguration>(tmpDir ->
        MemoryJamesConfiguration.builder()
            .workingDirectory(tmpDir)
            .configurationFromClasspath()
            .build())
        .server(MemoryJamesServerMain::createServer)
        .overrideServerModule(binder -> {
            binder.bind(java.time.Clock.class).toInstance(CLOCK);
            binder.bind(AuthorityMailer.class).toInstance(new CapturingMailer());
            binder.bind(LoggingPhoneVerifier.class).toInstance(new CapturingPhoneVerifier());
            binder.bind(DNSService.class).toInstance(new FakeDns());
        })
        .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS)
        .build();

    int port;

    @BeforeEach
    void setUp(GuiceJamesServer server) {
        port = server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
    }

    record SignedUp(String username, String email, String phone, String password) {
    }

    Map<String, Object> signUpBody(String username, String email, String phone, String password) {
        return Map.of("name", "Acme " + username, "type", "company", "contactName", "Ann Admin", "address", "1 Main St",
            "country", "FR", "email", email, "phone", phone, "username", username, "password", password);
    }

    ExtractableResponse<Response> signUp(Map<String, Object> body) {
        return given().port(port).contentType(ContentType.JSON).body(body).post("/ciers/portal/signup").then().extract();
    }

    SignedUp signedUp() {
        int n = NAMES.incrementAndGet();
        SignedUp account = new SignedUp("org" + n, "admin@org" + n + ".example", "+3312345" + String.format("%04d", n), "correct horse 42 battery");
        assertThat(signUp(signUpBody(account.username(), account.email(), account.phone(), account.password())).statusCode()).isEqualTo(201);
        return account;
    }

    static String lastCode(String to) {
        for (int i = MAILS.size() - 1; i >= 0; i--) {
            if (MAILS.get(i).to().equals(to)) {
                Matcher matcher = CODE.matcher(MAILS.get(i).text());
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
        }
        throw new AssertionError("no code mailed to " + to);
    }

    static String lastLink(String to, String contains) {
        for (int i = MAILS.size() - 1; i >= 0; i--) {
            if (MAILS.get(i).to().equals(to)) {
                return MAILS.get(i).text().lines().filter(line -> line.contains(contains)).map(line -> line.substring(line.indexOf("http")))
                    .findFirst().orElseThrow();
            }
        }
        throw new AssertionError("no link mailed to " + to);
    }

    String active() {
        SignedUp account = signedUp();
        given().port(port).get(path(lastLink(account.email(), "confirm-email"))).then().statusCode(200);
        given().port(port).contentType(ContentType.JSON).body(Map.of("username", account.username(), "code", PHONE_CODES.get(account.phone())))
            .post("/ciers/portal/confirm-phone").then().statusCode(200).body("status", equalTo("active"));
        return login(account.username(), account.password());
    }

    String login(String username, String password) {
        return given().port(port).contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
            .post("/ciers/portal/login").then().statusCode(200).extract().path("token");
    }

    static String path(String link) {
        URI uri = URI.create(link);
        return uri.getPath() + "?" + uri.getQuery();
    }

    Map<String, Object> requestDomain(String token, String domain, List<String> mxHosts, String proof) {
        return given().port(port).header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
            .body(Map.of("domain", domain, "mxHosts", mxHosts, "proof", proof, "contactMailbox", "hostmaster"))
            .post("/ciers/portal/api/domains").then().statusCode(201).extract().as(Map.class);
    }

    @Test
    void aRemovedDomainsCredentialsStopWorking() {
        String token = active();
        String domain = "gone" + NAMES.incrementAndGet() + ".example";
        Map<String, Object> credentials = credentials(token, approvedDomain(token, domain, List.of("mx." + domain)));
        String target = "target" + NAMES.incrementAndGet() + ".example";
        credentials(token, approvedDomain(token, target, List.of("mx." + target)));
        AuthorityClient client = new AuthorityClient(new AuthorityClient.Settings(URI.create("http://127.0.0.1:" + port),
            Duration.ofSeconds(10), Optional.empty()), new CiersXml());
        AuthToSendRequest ask = new AuthToSendRequest(ServerId.of((String) credentials.get("serverId")),
            Passphrase.of((String) credentials.get("passphrase")), DomainName.of(target));
        assertThat(client.authToSend(ask)).isInstanceOf(AuthToSendResponse.Granted.class);

        given().port(port).delete("/ciers/operator/domains/" + domain).then().statusCode(204);

        assertThat(client.authToSend(ask)).isInstanceOf(AuthToSendResponse.NotAuthorized.class);
    }

    Map<String, Object> credentials(String token, Object requestId) {
        return given().port(port).header("Authorization", "Bearer " + token)
            .post("/ciers/portal/api/domains/" + requestId + "/credentials").then().statusCode(201).extract().as(Map.class);
    }

    String approvedDomain(String token, String domain, List<String> mxHosts) {
        Map<String, Object> request = requestDomain(token, domain, mxHosts, "contact");
        given().port(port).get(path(lastLink("hostmaster@" + domain, "decision=approve"))).then().statusCode(200);
        return (String) request.get("id");
    }

    @Test
    void theApprovalGoesOnlyToTheAdministrativeMailboxPickedAtTheRequestedDomain() {
        String token = active();
        String domain = "claimed" + NAMES.incrementAndGet() + ".example";
        int mailsBefore = MAILS.size();
        // a typed address, at another domain or at this one, is no choice: the requester only picks a mailbox
        given().port(port).header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
            .body(Map.of("domain", domain, "mxHosts", List.of("mx." + domain), "proof", "contact", "contactEmail", "hostmaster@attacker.example"))
            .post("/ciers/portal/api/domains").then().statusCode(400);
        for (Map<String, Object> body : List.of(
            Map.<String, Object>of("domain", domain, "mxHosts", List.of("mx." + domain), "proof", "contact",
                "contactMailbox", "hostmaster@attacker.example"),
            Map.<String, Object>of("domain", domain, "mxHosts", List.of("mx." + domain), "proof", "contact",
                "contactMailbox", "alice"))) {
            given().port(port).header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(body)
                .post("/ciers/portal/api/domains").then().statusCode(400).body("message", startsWith("contactMailbox"));
        }
        assertThat(MAILS.subList(mailsBefore, MAILS.size())).noneSatisfy(mail -> assertThat(mail.to()).contains("attacker.example"));

        given().port(port).header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
            .body(Map.of("domain", domain, "mxHosts", List.of("mx." + domain), "proof", "contact", "contactMailbox", "Postmaster"))
            .post("/ciers/portal/api/domains").then().statusCode(201);

        assertThat(MAILS.subList(mailsBefore, MAILS.size())).extracting(SentMail::to).containsExactly("postmaster@" + domain);
    }

    @Test
    void strangersCannotUseThePortalToFloodAMailbox() {
        String domain = "flooded" + NAMES.incrementAndGet() + ".example";
        for (int i = 0; i < 3; i++) {
            requestDomain(active(), domain, List.of("mx." + domain), "contact");
        }
        given().port(port).header("Authorization", "Bearer " + active()).contentType(ContentType.JSON)
            .body(Map.of("domain", domain, "mxHosts", List.of("mx." + domain), "proof", "contact", "contactMailbox", "admin"))
            .post("/ciers/portal/api/domains").then().statusCode(429);

        String victim = "victim" + NAMES.incrementAndGet() + "@example.com";
        for (int i = 0; i < 3; i++) {
            int n = NAMES.incrementAndGet();
            assertThat(signUp(signUpBody("flood" + n, victim, "+3398765" + String.format("%04d", n), "correct horse 42 battery"))
                .statusCode()).isEqualTo(201);
        }
        int n = NAMES.incrementAndGet();
        assertThat(signUp(signUpBody("flood" + n, victim, "+3398765" + String.format("%04d", n), "correct horse 42 battery"))
            .statusCode()).isEqualTo(429);
        assertThat(MAILS.stream().filter(mail -> mail.to().equals(victim))).hasSize(3);
    }

    @Test
    void aRejectedRequestIsToldToTheRequesterAndGivesNoCredentials() {
        String token = active();
        String domain = "refused" + NAMES.incrementAndGet() + ".example";
        String email = given().port(port).header("Authorization", "Bearer " + token).get("/ciers/portal/api/me")
            .then().extract().path("organization.email");
        Map<String, Object> request = requestDomain(token, domain, List.of("mx." + domain), "contact");

        given().port(port).get(path(lastLink("hostmaster@" + domain, "decision=reject"))).then().statusCode(200);

        assertThat(MAILS).anySatisfy(mail -> {
            assertThat(mail.to()).isEqualTo(email);
            assertThat(mail.subject()).contains(domain).contains("rejected");
        });
        given().port(port).header("Authorization", "Bearer " + token)
            .post("/ciers/portal/api/domains/" + request.get("id") + "/credentials").then().statusCode(409);
        // the link was used: approving afterwards changes nothing
        given().port(port).get(path(lastLink("hostmaster@" + domain, "decision=approve"))).then().statusCode(400);
        given().port(port).get("/ciers/operator/audit").then().statusCode(200).body("action", org.hamcrest.Matchers.hasItem("domain.rejected"));
    }

    @Test
    void anApprovedRequestIsToldToTheRequester() {
        String token = active();
        String domain = "told" + NAMES.incrementAndGet() + ".example";
        String email = given().port(port).header("Authorization", "Bearer " + token).get("/ciers/portal/api/me")
            .then().extract().path("organization.email");

        approvedDomain(token, domain, List.of("mx." + domain));

        assertThat(MAILS).anySatisfy(mail -> {
            assertThat(mail.to()).isEqualTo(email);
            assertThat(mail.subject()).contains(domain).contains("approved");
        });
    }

    @Test
    void signUpConfirmBothLogInGetADomainApprovedByItsContactAndUseItsCredentials() {
        SignedUp account = signedUp();
        assertThat(MAILS).anySatisfy(mail -> assertThat(mail.to()).isEqualTo(account.email()));
        // pending: no login before both confirmations
        given().port(port).contentType(ContentType.JSON).body(Map.of("username", account.username(), "password", account.password()))
            .post("/ciers/portal/login").then().statusCode(403);

        given().port(port).get(path(lastLink(account.email(), "confirm-email"))).then().statusCode(200)
            .body(containsString("Email address confirmed"));
        given().port(port).contentType(ContentType.JSON).body(Map.of("username", account.username(), "code", PHONE_CODES.get(account.phone())))
            .post("/ciers/portal/confirm-phone").then().statusCode(200).body("status", equalTo("active"));
        String token = login(account.username(), account.password());

        String domain = account.username() + ".example";
        String requestId = approvedDomain(token, domain, List.of("mx." + domain));
        assertThat(MAILS).anySatisfy(mail -> {
            assertThat(mail.to()).isEqualTo(account.email());
            assertThat(mail.subject()).isEqualTo("CIERS: " + domain + " was approved");
        });
        Map<String, Object> credentials = credentials(token, requestId);
        given().port(port).header("Authorization", "Bearer " + token).post("/ciers/portal/api/domains/" + requestId + "/credentials")
            .then().statusCode(409);

        // the credentials work in the protocol, towards another accredited domain
        String other = approvedDomain(token, "other-" + domain, List.of("mx.other-" + domain));
        credentials(token, other);
        AuthorityClient client = new AuthorityClient(new AuthorityClient.Settings(URI.create("http://127.0.0.1:" + port),
            Duration.ofSeconds(10), Optional.empty()), new CiersXml());
        AuthToSendResponse granted = client.authToSend(new AuthToSendRequest(ServerId.of((String) credentials.get("serverId")),
            Passphrase.of((String) credentials.get("passphrase")), DomainName.of("other-" + domain)));
        assertThat(granted).isInstanceOf(AuthToSendResponse.Granted.class);

        given().port(port).header("Authorization", "Bearer " + token).get("/ciers/portal/api/me").then().statusCode(200)
            .body("account.username", equalTo(account.username()))
            .body("domains", org.hamcrest.Matchers.hasItem(domain));
        given().port(port).get("/ciers/operator/audit?limit=1000").then().statusCode(200)
            .body("action", org.hamcrest.Matchers.hasItems("account.signed_up", "account.email_confirmed", "account.phone_confirmed",
                "account.activated", "domain.requested", "domain.approved", "domain.credentials_issued"));
    }

    @Test
    void badSignUpInputsAreRefusedNamingTheField() {
        SignedUp existing = signedUp();
        Map<String, String> cases = Map.of(
            "email", "not-an-address",
            "country", "France",
            "phone", "0123");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            Map<String, Object> body = new java.util.HashMap<>(signUpBody("fresh" + bad.getKey(), "a@fresh.example", "+33123456789",
                "correct horse 42 battery"));
            body.put(bad.getKey(), bad.getValue());
            ExtractableResponse<Response> response = signUp(body);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.<String>path("message")).startsWith(bad.getKey() + ":");
        }
        ExtractableResponse<Response> duplicate = signUp(signUpBody(existing.username(), "b@other.example", "+33123456789",
            "correct horse 42 battery"));
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(duplicate.<String>path("message")).startsWith("username:");
        for (String weak : List.of("short1", "passwordpassword", "aaaaaaaaaaaa1", "1234567890123", "freshweak" + "x1freshweak")) {
            ExtractableResponse<Response> response = signUp(signUpBody("freshweak", "c@fresh.example", "+33123456789", weak));
            assertThat(response.statusCode()).as(weak).isEqualTo(400);
            assertThat(response.<String>path("message")).startsWith("password:");
        }
    }

    @Test
    void aCodeWorksOnceAndNotAfterItExpires() {
        SignedUp account = signedUp();
        String phoneCode = PHONE_CODES.get(account.phone());
        given().port(port).contentType(ContentType.JSON).body(Map.of("username", account.username(), "code", phoneCode))
            .post("/ciers/portal/confirm-phone").then().statusCode(200);
        given().port(port).contentType(ContentType.JSON).body(Map.of("username", account.username(), "code", phoneCode))
            .post("/ciers/portal/confirm-phone").then().statusCode(400).body("message", org.hamcrest.Matchers.startsWith("code:"));

        String emailCode = lastCode(account.email());
        CLOCK.advance(Duration.ofHours(25));
        given().port(port).contentType(ContentType.JSON).body(Map.of("username", account.username(), "code", emailCode))
            .post("/ciers/portal/confirm-email").then().statusCode(400).body("message", org.hamcrest.Matchers.startsWith("code:"));
        // a fresh code, asked for, works
        given().port(port).contentType(ContentType.JSON).body(Map.of("username", account.username(), "channel", "email"))
            .post("/ciers/portal/resend").then().statusCode(202);
        given().port(port).contentType(ContentType.JSON).body(Map.of("username", account.username(), "code", lastCode(account.email())))
            .post("/ciers/portal/confirm-email").then().statusCode(200).body("status", equalTo("active"));
    }

    @Test
    void aDomainProvenByItsDnsRecord() {
        String token = active();
        String domain = "dns" + NAMES.incrementAndGet() + ".example";
        Map<String, Object> request = requestDomain(token, domain, List.of("mx." + domain), "dns");
        String record = (String) request.get("dnsRecord");
        assertThat(record).startsWith("_ciers." + domain + " TXT \"ciers-verification=");

        given().port(port).header("Authorization", "Bearer " + token).post("/ciers/portal/api/domains/" + request.get("id") + "/dns-check")
            .then().statusCode(400).body("message", org.hamcrest.Matchers.startsWith("dns:"));
        TXT_RECORDS.put("_ciers." + domain, List.of(record.substring(record.indexOf('"'))));
        given().port(port).header("Authorization", "Bearer " + token).post("/ciers/portal/api/domains/" + request.get("id") + "/dns-check")
            .then().statusCode(200).body("state", equalTo("approved"));
    }

    @Test
    void theOperatorApprovesByHandSuspendsAndReadsTheAuditLog() {
        String token = active();
        String domain = "manual" + NAMES.incrementAndGet() + ".example";
        Map<String, Object> request = requestDomain(token, domain, List.of("mx." + domain), "contact");
        given().port(port).get("/ciers/operator/domain-requests").then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem(request.get("id")));
        given().port(port).post("/ciers/operator/domain-requests/" + request.get("id") + "/approval").then().statusCode(200)
            .body("state", equalTo("approved"));
        given().port(port).post("/ciers/operator/domain-requests/" + request.get("id") + "/approval").then().statusCode(409);

        String organization = given().port(port).header("Authorization", "Bearer " + token).get("/ciers/portal/api/me")
            .then().extract().path("organization.id");
        given().port(port).post("/ciers/operator/organizations/" + organization + "/suspension").then().statusCode(204);
        given().port(port).header("Authorization", "Bearer " + token).get("/ciers/portal/api/me").then().statusCode(401);
        given().port(port).get("/ciers/operator/accounts?organization=" + organization).then().statusCode(200)
            .body("[0].status", equalTo("suspended"));
        given().port(port).get("/ciers/operator/audit").then().statusCode(200)
            .body("action", org.hamcrest.Matchers.hasItems("domain.approved", "account.suspended"));
    }

    @Test
    void certificatesFromACsrOrWithAKeyMadeOnceChainToTheRoot() throws Exception {
        String token = active();
        String domain = "cert" + NAMES.incrementAndGet() + ".example";
        credentials(token, approvedDomain(token, domain, List.of("mx1." + domain, "mx2." + domain)));
        X509Certificate root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(
            given().port(port).get("/ciers/ca/root.pem").then().statusCode(200).extract().asByteArray()));

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=mx1." + domain), keys.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
        java.io.StringWriter pem = new java.io.StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(csr);
        }
        String issued = given().port(port).header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
            .body(Map.of("domain", domain, "mxHost", "mx1." + domain, "csr", pem.toString()))
            .post("/ciers/portal/api/certificates").then().statusCode(201).extract().path("pem");
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(issued.getBytes()));
        assertChainsTo(certificate, root);
        assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(2, "mx1." + domain));
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        given().port(port).header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
            .body(Map.of("domain", domain, "mxHost", "mx1." + domain, "csr", pem.toString()))
            .post("/ciers/portal/api/certificates").then().statusCode(409);

        Map<String, Object> generated = given().port(port).header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
            .body(Map.of("domain", domain, "mxHost", "mx2." + domain)).post("/ciers/portal/api/certificates")
            .then().statusCode(201).extract().as(Map.class);
        KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
        pkcs12.load(new ByteArrayInputStream(Base64.getDecoder().decode((String) generated.get("pkcs12"))),
            ((String) generated.get("password")).toCharArray());
        assertChainsTo((X509Certificate) pkcs12.getCertificate("mx2." + domain), root);
        assertThat(pkcs12.isKeyEntry("mx2." + domain)).isTrue();

        given().port(port).header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
            .body(Map.of("domain", domain, "mxHost", "mx1." + domain, "csr", "not a csr"))
            .post("/ciers/portal/api/certificates").then().statusCode(400);

        // the operator removes the domain: its certificates are revoked
        given().port(port).delete("/ciers/operator/domains/" + domain).then().statusCode(204);
        given().port(port).delete("/ciers/operator/domains/" + domain).then().statusCode(404);
        given().port(port).get("/ciers/operator/domains/" + domain).then().statusCode(404);
        given().port(port).get("/ciers/operator/audit").then().body("action", org.hamcrest.Matchers.hasItems("domain.removed", "certificates.revoked"));
    }

    @Test
    void thePortalPageIsServedWithoutAnythingFromElsewhere() {
        given().port(port).get("/ciers/portal/index.html").then().statusCode(200)
            .contentType(containsString("text/html"))
            .header("Content-Security-Policy", containsString("default-src 'self'"))
            .body(containsString("<label for=\"signup-email\">"))
            .body(org.hamcrest.Matchers.not(containsString("http://")))
            .body(org.hamcrest.Matchers.not(containsString("https://")));
        given().port(port).get("/ciers/portal/portal.js").then().statusCode(200).contentType(containsString("javascript"));
        given().port(port).get("/ciers/portal/secret.txt").then().statusCode(404);
        given().port(port).get("/ciers/portal/api/me").then().statusCode(401);
        given().port(port).header("Authorization", "Bearer forged").get("/ciers/portal/api/reports").then().statusCode(401);
    }

    @Test
    void anOrganizationSeesItsOwnDomainsStandingAndNoOtherDomainsHistory() {
        String token = active();
        String domain = "own" + NAMES.incrementAndGet() + ".example";
        credentials(token, approvedDomain(token, domain, List.of("mx." + domain)));
        String strangersToken = active();
        String strangers = "theirs" + NAMES.incrementAndGet() + ".example";
        credentials(strangersToken, approvedDomain(strangersToken, strangers, List.of("mx." + strangers)));

        given().port(port).header("Authorization", "Bearer " + token).get("/ciers/portal/api/domains").then().statusCode(200)
            .body("domain", org.hamcrest.Matchers.contains(domain))
            .body("[0].trustValue", equalTo(20))
            .body("[0].counters.transmissions", equalTo(0))
            .body("[0].counters.standingReports", equalTo(0));
        // another organization's domain, and a domain nobody registered, look the same: not yours
        for (String notOwn : List.of(strangers, "nobody" + NAMES.incrementAndGet() + ".example")) {
            given().port(port).header("Authorization", "Bearer " + token).get("/ciers/portal/api/domains/" + notOwn + "/histogram")
                .then().statusCode(404).body("message", equalTo("no domain " + notOwn + " of your organization"));
        }
        // its own: kept only where analytics is on (not in this authority)
        given().port(port).header("Authorization", "Bearer " + token).get("/ciers/portal/api/domains/" + domain + "/histogram")
            .then().statusCode(404).body("message", containsString("analytics is off"));
        given().port(port).get("/ciers/portal/api/domains").then().statusCode(401);
        given().port(port).get("/ciers/portal/api/domains/" + domain + "/histogram").then().statusCode(401);
    }

    @Test
    void theOperatorsAnalyticsPageIsServedHoldingNoData() {
        given().port(port).get("/ciers/portal/operator.html").then().statusCode(200)
            .contentType(containsString("text/html"))
            .header("Content-Security-Policy", containsString("default-src 'self'"))
            .body(containsString("/ciers/portal/operator.js"))
            .body(org.hamcrest.Matchers.not(containsString("http://")));
        given().port(port).get("/ciers/portal/charts.js").then().statusCode(200).contentType(containsString("javascript"));
        given().port(port).get("/ciers/operator/analytics").then().statusCode(200).body("enabled", equalTo(false));
        given().port(port).get("/ciers/operator/analytics/top-offenders").then().statusCode(404);
    }

    static void assertChainsTo(X509Certificate certificate, X509Certificate root) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)),
            parameters);
    }
}
