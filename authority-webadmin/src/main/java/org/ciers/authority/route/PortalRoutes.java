package org.ciers.authority.route;

import static org.ciers.authority.route.JsonExchange.error;
import static org.ciers.authority.route.JsonExchange.guarded;
import static org.ciers.authority.route.JsonExchange.ok;
import static org.ciers.authority.route.JsonExchange.parse;
import static org.ciers.authority.route.JsonExchange.write;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.ciers.authority.ca.CertificateAuthority;
import org.ciers.authority.model.Account;
import org.ciers.authority.model.DomainRequest;
import org.ciers.authority.model.IssuedCertificate;
import org.ciers.authority.model.Organization;
import org.ciers.authority.model.SpamReport;
import org.ciers.authority.service.AuthorityMailer;
import org.ciers.authority.service.DomainApproval;
import org.ciers.authority.service.DomainCredentials;
import org.ciers.authority.service.FlaggedMessages;
import org.ciers.authority.service.InvalidFieldException;
import org.ciers.authority.service.OrganizationAccounts;
import org.ciers.authority.service.SignUpRequest;
import org.ciers.authority.store.DomainStore;
import org.ciers.authority.store.OrganizationStore;
import org.ciers.authority.store.ReportStore;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The organization portal (spec §2, §5): its page, and the JSON routes behind it. Organizations
 * authenticate with a portal session token ({@code Authorization: Bearer …}) from their own login,
 * never with WebAdmin's token, so these are WebAdmin public routes. Links mailed by the authority
 * (email confirmation, domain approval) land here too.
 */
public class PortalRoutes implements PublicRoutes {
    public static final String BASE_PATH = "/ciers/portal";
    public static final String ROOT_CERTIFICATE = "/ciers/ca/root.pem";
    private static final String BEARER = "Bearer ";
    private static final Map<String, String> PAGES = Map.of(
        "index.html", "text/html; charset=utf-8",
        "portal.js", "text/javascript; charset=utf-8",
        "portal.css", "text/css; charset=utf-8");
    /** The page loads nothing from anywhere else. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'self'";

    record LoginRequest(String username, String password) {
    }

    record CodeRequest(String username, String code) {
    }

    record ResendRequest(String username, String channel) {
    }

    record CertificateRequest(String domain, String mxHost, String csr) {
    }

    record AccountDto(String username, String organizationId, String status, boolean emailConfirmed, boolean phoneConfirmed) {
        static AccountDto of(Account account) {
            return new AccountDto(account.username(), account.organization().asString(), account.status().name().toLowerCase(),
                account.emailConfirmed(), account.phoneConfirmed());
        }
    }

    record RequestDto(String id, String domain, List<String> mxHosts, String proof, String state, Instant requestedAt,
                      Optional<String> dnsRecord) {
        static RequestDto of(DomainRequest request) {
            return new RequestDto(request.id().toString(), request.domain().asString(), request.mxHosts(),
                request.proof().name().toLowerCase(), request.state().name().toLowerCase(), request.requestedAt(),
                request.proof() == DomainRequest.Proof.DNS
                    ? Optional.of(DomainApproval.DNS_RECORD_PREFIX + request.domain().asString() + " TXT \"" + DomainApproval.DNS_VALUE_PREFIX
                        + request.dnsToken() + "\"")
                    : Optional.empty());
        }
    }

    record CertificateDto(String serial, String domain, String mxHost, String pem, Instant notAfter, boolean revoked) {
        static CertificateDto of(IssuedCertificate certificate) {
            return new CertificateDto(certificate.serial().toString(16), certificate.domain().asString(), certificate.mxHost(),
                certificate.pem(), certificate.notAfter(), certificate.revoked());
        }
    }

    record GeneratedDto(CertificateDto certificate, String pkcs12, String password) {
    }

    record MeDto(AccountDto account, AuthorityAdminRoutes.OrganizationDto organization, List<String> domains, List<RequestDto> requests) {
    }

    private final OrganizationAccounts accounts;
    private final DomainApproval approval;
    private final CertificateAuthority ca;
    private final OrganizationStore organizations;
    private final DomainStore domains;
    private final ReportStore reports;
    private final AuthorityMailer mailer;
    private final FlaggedMessages flaggedMessages;

    @Inject
    public PortalRoutes(OrganizationAccounts accounts, DomainApproval approval, CertificateAuthority ca, OrganizationStore organizations,
                        DomainStore domains, ReportStore reports, AuthorityMailer mailer, FlaggedMessages flaggedMessages) {
        this.accounts = accounts;
        this.approval = approval;
        this.ca = ca;
        this.organizations = organizations;
        this.domains = domains;
        this.reports = reports;
        this.mailer = mailer;
        this.flaggedMessages = flaggedMessages;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, (request, response) -> {
            response.redirect(BASE_PATH + "/index.html");
            return "";
        });
        service.get(BASE_PATH + "/", (request, response) -> page(response, "index.html"));
        service.get(ROOT_CERTIFICATE, (request, response) ->
            RawResponse.write(response, 200, "application/x-pem-file", ca.rootPem().getBytes(StandardCharsets.US_ASCII)));

        service.post(BASE_PATH + "/signup", this::signUp);
        service.get(BASE_PATH + "/confirm-email", this::confirmEmailLink);
        service.post(BASE_PATH + "/confirm-email", (request, response) -> {
            CodeRequest body = parse(request, CodeRequest.class);
            return ok(response, AccountDto.of(guarded(() -> accounts.confirmEmail(body.username(), body.code()).block())));
        });
        service.post(BASE_PATH + "/confirm-phone", (request, response) -> {
            CodeRequest body = parse(request, CodeRequest.class);
            return ok(response, AccountDto.of(guarded(() -> accounts.confirmPhone(body.username(), body.code()).block())));
        });
        service.post(BASE_PATH + "/resend", this::resend);
        service.post(BASE_PATH + "/login", (request, response) -> {
            LoginRequest body = parse(request, LoginRequest.class);
            OrganizationAccounts.Session session = guarded(() -> accounts.login(body.username(), body.password()).block());
            return ok(response, Map.of("token", session.token(), "username", session.username(), "expiresAt", session.expiresAt()));
        });
        service.post(BASE_PATH + "/logout", (request, response) -> {
            accounts.logout(token(request)).block();
            response.status(204);
            return "";
        });
        service.get(BASE_PATH + "/api/me", (request, response) -> ok(response, me(account(request))));
        service.post(BASE_PATH + "/api/domains", (request, response) -> {
            Account account = account(request);
            DomainApproval.DomainRequestInput body = parse(request, DomainApproval.DomainRequestInput.class);
            return write(response, 201, RequestDto.of(guarded(() -> approval.request(account, body).block())));
        });
        service.post(BASE_PATH + "/api/domains/:id/dns-check", (request, response) -> {
            Account account = account(request);
            return ok(response, RequestDto.of(guarded(() -> approval.checkDns(account, requestId(request)).block())));
        });
        service.post(BASE_PATH + "/api/domains/:id/credentials", (request, response) -> {
            Account account = account(request);
            DomainCredentials credentials = guarded(() -> approval.credentials(account, requestId(request)).block());
            return write(response, 201, Map.of("domain", credentials.domain().asString(), "serverId", credentials.serverId().asString(),
                "passphrase", credentials.passphrase().reveal(), "mxHosts", credentials.mxHosts()));
        });
        service.get(BASE_PATH + "/domain-approval", this::approvalLink);
        service.post(BASE_PATH + "/api/certificates", this::certificate);
        service.get(BASE_PATH + "/api/certificates", (request, response) -> {
            Account account = account(request);
            DomainName domain = guarded(() -> DomainName.of(Optional.ofNullable(request.queryParams("domain")).orElse("")));
            return ok(response, approval.certificates(account, domain).block().stream().map(CertificateDto::of).toList());
        });
        service.get(BASE_PATH + "/api/reports", (request, response) -> {
            Account account = account(request);
            return ok(response, flaggedMessages.of(account.organization()).map(AuthorityAdminRoutes.ReportDto::of).collectList().block());
        });
        service.post(BASE_PATH + "/api/reports/:messageId/refutation-request", this::refutationRequest);
        // last: Spark takes the first route that matches, and this one matches any single segment
        service.get(BASE_PATH + "/:page", (request, response) -> page(response, request.params("page")));
    }

    private Object signUp(Request request, Response response) {
        SignUpRequest body = parse(request, SignUpRequest.class);
        Account account = guarded(() -> accounts.signUp(body).block());
        return write(response, 201, AccountDto.of(account));
    }

    private Object resend(Request request, Response response) {
        ResendRequest body = parse(request, ResendRequest.class);
        OrganizationAccounts.Channel channel = guarded(() -> {
            try {
                return OrganizationAccounts.Channel.valueOf(Optional.ofNullable(body.channel()).orElse("").toUpperCase());
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("channel", "email or phone");
            }
        });
        guarded(() -> accounts.resend(body.username(), channel).block());
        return write(response, 202, Map.of("sent", channel.name().toLowerCase()));
    }

    /** The link mailed for the email address: a page a person reads. */
    private Object confirmEmailLink(Request request, Response response) {
        try {
            Account account = guarded(() -> accounts.confirmEmail(request.queryParams("user"), request.queryParams("code")).block());
            return html(response, 200, "Email address confirmed", account.status() == Account.Status.ACTIVE
                ? "Your account is active: log in to the portal." : "Now confirm your phone with the code you received.");
        } catch (spark.HaltException e) {
            return html(response, 400, "This link does not work", "It is wrong, expired or was used already. Ask for a new one in the portal.");
        }
    }

    /** The links mailed to a domain's contact: approve or reject. */
    private Object approvalLink(Request request, Response response) {
        boolean approve = "approve".equals(request.queryParams("decision"));
        if (!approve && !"reject".equals(request.queryParams("decision"))) {
            return html(response, 400, "This link does not work", "It names no decision.");
        }
        try {
            DomainRequest decided = guarded(() -> approval.decideByContact(requestId(request.queryParams("request")),
                request.queryParams("code"), approve).block());
            return html(response, 200, decided.domain().asString() + (approve ? " approved" : " rejected"),
                "Thank you. The organization that asked has been told.");
        } catch (spark.HaltException e) {
            return html(response, 400, "This link does not work", "It is wrong, expired or was used already.");
        }
    }

    private Object certificate(Request request, Response response) {
        Account account = account(request);
        CertificateRequest body = parse(request, CertificateRequest.class);
        DomainName domain = guarded(() -> DomainName.of(Optional.ofNullable(body.domain()).orElse("")));
        Object issued = guarded(() -> approval.certificate(account, domain, Optional.ofNullable(body.mxHost()).orElse(""),
            Optional.ofNullable(body.csr()).filter(csr -> !csr.isBlank())).block());
        if (issued instanceof CertificateAuthority.GeneratedCertificate generated) {
            return write(response, 201, new GeneratedDto(CertificateDto.of(generated.certificate()),
                Base64.getEncoder().encodeToString(generated.pkcs12()), generated.password()));
        }
        return write(response, 201, CertificateDto.of((IssuedCertificate) issued));
    }

    /** Asks the recipient domain's organization, by mail, to look again at a reported message. */
    private Object refutationRequest(Request request, Response response) {
        Account account = account(request);
        MessageId messageId = guarded(() -> MessageId.of(request.params("messageId")));
        SpamReport report = reports.get(messageId).blockOptional()
            .filter(found -> domains.byName(found.senderDomain()).map(domain -> domain.organization().equals(account.organization()))
                .blockOptional().orElse(false))
            .orElseThrow(() -> JsonExchange.notFound("no report on " + messageId + " against this organization"));
        Organization sender = organizations.get(account.organization()).block();
        Organization recipient = domains.byName(report.recipientDomain()).flatMap(domain -> organizations.get(domain.organization()))
            .blockOptional().orElseThrow(() -> JsonExchange.notFound("the recipient domain is no longer registered"));
        mailer.send(recipient.email(), "CIERS: please look again at a message reported as spam",
            sender.name() + " (" + sender.email() + ") asks " + report.recipientDomain().asString() + " to look again at message "
                + messageId.asString() + ", sent by " + report.senderDomain().asString() + " on " + report.sentAt()
                + " and reported as spam on " + report.reportedAt() + ".\n"
                + "If it was not spam, mark it so (the recipient moves it out of Spam, or the administrator posts a not_spam verdict).\n")
            .block();
        return write(response, 202, Map.of("messageId", messageId.asString(), "asked", report.recipientDomain().asString()));
    }

    private MeDto me(Account account) {
        Organization organization = organizations.get(account.organization()).block();
        return new MeDto(AccountDto.of(account), AuthorityAdminRoutes.OrganizationDto.of(organization),
            domains.byOrganization(account.organization()).map(domain -> domain.name().asString()).collectList().block(),
            approval.requests(account).map(RequestDto::of).collectList().block());
    }

    private Account account(Request request) {
        return accounts.authenticated(token(request)).blockOptional()
            .orElseThrow(() -> error(401, ErrorResponder.ErrorType.INVALID_ARGUMENT, "log in to the portal first"));
    }

    private static String token(Request request) {
        String header = request.headers("Authorization");
        return header != null && header.startsWith(BEARER) ? header.substring(BEARER.length()).trim() : "";
    }

    private static UUID requestId(Request request) {
        return requestId(request.params("id"));
    }

    private static UUID requestId(String value) {
        return guarded(() -> {
            try {
                return UUID.fromString(Optional.ofNullable(value).orElse(""));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("request", "a request ID");
            }
        });
    }

    private static Object page(Response response, String name) {
        String contentType = PAGES.get(name);
        if (contentType == null) {
            throw JsonExchange.notFound("no page " + name);
        }
        try (InputStream in = PortalRoutes.class.getResourceAsStream("/org/ciers/authority/portal/" + name)) {
            if (in == null) {
                throw JsonExchange.notFound("no page " + name);
            }
            response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            response.header("X-Content-Type-Options", "nosniff");
            return RawResponse.write(response, 200, contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("the portal's own page is unreadable", e);
        }
    }

    private static Object html(Response response, int status, String title, String text) {
        String page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>CIERS: " + escape(title) + "</title>"
            + "<link rel=\"stylesheet\" href=\"" + BASE_PATH + "/portal.css\"></head><body><main><h1>" + escape(title) + "</h1><p>"
            + escape(text) + "</p><p><a href=\"" + BASE_PATH + "/index.html\">Go to the CIERS portal</a></p></main></body></html>";
        response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        return RawResponse.write(response, status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
