package org.ciers.authority.portal;

import static org.ciers.authority.web.JsonExchange.error;
import static org.ciers.authority.web.JsonExchange.guarded;
import static org.ciers.authority.web.JsonExchange.notFound;
import static org.ciers.authority.web.JsonExchange.ok;
import static org.ciers.authority.web.JsonExchange.parse;
import static org.ciers.authority.web.JsonExchange.write;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.ciers.authority.accreditation.CredentialsIssuer;
import org.ciers.authority.analytics.Analytics;
import org.ciers.authority.analytics.AnalyticsExchange;
import org.ciers.authority.analytics.DayFigures;
import org.ciers.authority.analytics.DayWindow;
import org.ciers.authority.accreditation.DnsProof;
import org.ciers.authority.accreditation.DomainApproval;
import org.ciers.authority.accreditation.DomainRequestInput;
import org.ciers.authority.accreditation.DomainRequests;
import org.ciers.authority.accreditation.MailingRequestLimits;
import org.ciers.authority.accreditation.MxCertificates;
import org.ciers.authority.accreditation.OrganizationAccounts;
import org.ciers.authority.accreditation.PortalSessions;
import org.ciers.authority.accreditation.SignUpRequest;
import org.ciers.authority.accreditation.ca.CaKeyCustody;
import org.ciers.authority.accreditation.ca.GeneratedCertificate;
import org.ciers.authority.model.Account;
import org.ciers.authority.model.DomainRequest;
import org.ciers.authority.model.IssuedCertificate;
import org.ciers.authority.model.Organization;
import org.ciers.authority.model.RegisteredDomain;
import org.ciers.authority.shared.InvalidFieldException;
import org.ciers.authority.store.DomainStore;
import org.ciers.authority.store.OrganizationStore;
import org.ciers.authority.transmission.FlaggedMessages;
import org.ciers.authority.transmission.RefutationRequests;
import org.ciers.authority.transmission.SenderTrust;
import org.ciers.authority.web.AccountDto;
import org.ciers.authority.web.CertificateDto;
import org.ciers.authority.web.CertificateRequest;
import org.ciers.authority.web.ClientAddresses;
import org.ciers.authority.web.CodeRequest;
import org.ciers.authority.web.CodeSentDto;
import org.ciers.authority.web.DomainDto;
import org.ciers.authority.web.DomainRequestDto;
import org.ciers.authority.web.GeneratedCertificateDto;
import org.ciers.authority.web.LoginRequest;
import org.ciers.authority.web.MeDto;
import org.ciers.authority.web.OrganizationDto;
import org.ciers.authority.web.PortalCredentialsDto;
import org.ciers.authority.web.RawResponse;
import org.ciers.authority.web.RefutationAskedDto;
import org.ciers.authority.web.ReportDto;
import org.ciers.authority.web.ResendRequest;
import org.ciers.authority.web.SessionDto;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;

import spark.HaltException;
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

    private final OrganizationAccounts accounts;
    private final PortalSessions sessions;
    private final DomainRequests domainRequests;
    private final DomainApproval approval;
    private final DnsProof dnsProof;
    private final CredentialsIssuer credentials;
    private final MxCertificates certificates;
    private final CaKeyCustody ca;
    private final OrganizationStore organizations;
    private final DomainStore domains;
    private final FlaggedMessages flaggedMessages;
    private final RefutationRequests refutations;
    private final ClientAddresses clientAddresses;
    private final MailingRequestLimits limits;
    private final SenderTrust senderTrust;
    private final Analytics analytics;
    private final Clock clock;

    @Inject
    public PortalRoutes(OrganizationAccounts accounts, PortalSessions sessions, DomainRequests domainRequests, DomainApproval approval,
                        DnsProof dnsProof, CredentialsIssuer credentials, MxCertificates certificates, CaKeyCustody ca,
                        OrganizationStore organizations, DomainStore domains, FlaggedMessages flaggedMessages, RefutationRequests refutations,
                        ClientAddresses clientAddresses, MailingRequestLimits limits, SenderTrust senderTrust, Analytics analytics,
                        Clock clock) {
        this.senderTrust = senderTrust;
        this.analytics = analytics;
        this.clock = clock;
        this.clientAddresses = clientAddresses;
        this.limits = limits;
        this.accounts = accounts;
        this.sessions = sessions;
        this.domainRequests = domainRequests;
        this.approval = approval;
        this.dnsProof = dnsProof;
        this.credentials = credentials;
        this.certificates = certificates;
        this.ca = ca;
        this.organizations = organizations;
        this.domains = domains;
        this.flaggedMessages = flaggedMessages;
        this.refutations = refutations;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, (request, response) -> {
            response.redirect(BASE_PATH + "/" + PortalFiles.INDEX);
            return "";
        });
        service.get(BASE_PATH + "/", (request, response) -> PortalFiles.serve(response, PortalFiles.INDEX));
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
            return ok(response, SessionDto.of(guarded(() -> sessions.login(body.username(), body.password()).block())));
        });
        service.post(BASE_PATH + "/logout", (request, response) -> {
            sessions.logout(token(request)).block();
            response.status(204);
            return "";
        });
        service.get(BASE_PATH + "/api/me", (request, response) -> ok(response, me(account(request))));
        service.post(BASE_PATH + "/api/domains", (request, response) -> {
            Account account = account(request);
            DomainRequestInput body = parse(request, DomainRequestInput.class);
            return write(response, 201, DomainRequestDto.of(guarded(() -> {
                limits.admitDomainRequest(clientAddresses.of(request), Optional.ofNullable(body.domain()).orElse(""));
                return domainRequests.request(account, body).block();
            })));
        });
        service.post(BASE_PATH + "/api/domains/:id/dns-check", (request, response) -> {
            Account account = account(request);
            return ok(response, DomainRequestDto.of(guarded(() -> dnsProof.check(account, requestId(request)).block())));
        });
        service.post(BASE_PATH + "/api/domains/:id/credentials", (request, response) -> {
            Account account = account(request);
            return write(response, 201, PortalCredentialsDto.of(guarded(() -> credentials.issue(account, requestId(request)).block())));
        });
        service.get(BASE_PATH + "/domain-approval", this::approvalLink);
        service.post(BASE_PATH + "/api/certificates", this::certificate);
        service.get(BASE_PATH + "/api/certificates", (request, response) -> {
            Account account = account(request);
            DomainName domain = guarded(() -> DomainName.of(Optional.ofNullable(request.queryParams("domain")).orElse("")));
            return ok(response, certificates.of(account, domain).block().stream().map(CertificateDto::of).toList());
        });
        service.get(BASE_PATH + "/api/reports", (request, response) -> {
            Account account = account(request);
            return ok(response, flaggedMessages.of(account.organization()).map(ReportDto::of).collectList().block());
        });
        service.post(BASE_PATH + "/api/reports/:messageId/refutation-request", this::refutationRequest);
        service.get(BASE_PATH + "/api/domains", (request, response) -> {
            Account account = account(request);
            return ok(response, domains.byOrganization(account.organization())
                .concatMap(domain -> senderTrust.counters(domain.name()).map(counters -> DomainDto.of(domain, counters)))
                .collectList().block());
        });
        service.get(BASE_PATH + "/api/domains/:domain/histogram", this::histogram);
        // last: Spark takes the first route that matches, and this one matches any single segment
        service.get(BASE_PATH + "/:page", (request, response) -> PortalFiles.serve(response, request.params("page")));
    }

    private Object signUp(Request request, Response response) {
        SignUpRequest body = parse(request, SignUpRequest.class);
        Account account = guarded(() -> {
            body.validate();
            limits.admitSignUp(clientAddresses.of(request), body.email());
            return accounts.signUp(body).block();
        });
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
        return write(response, 202, new CodeSentDto(channel.name().toLowerCase()));
    }

    /** The link mailed for the email address: a page a person reads. */
    private Object confirmEmailLink(Request request, Response response) {
        try {
            Account account = guarded(() -> accounts.confirmEmail(request.queryParams("user"), request.queryParams("code")).block());
            return LinkPages.render(response, 200, "Email address confirmed", account.status() == Account.Status.ACTIVE
                ? "Your account is active: log in to the portal." : "Now confirm your phone with the code you received.");
        } catch (HaltException e) {
            return LinkPages.render(response, 400, "This link does not work",
                "It is wrong, expired or was used already. Ask for a new one in the portal.");
        }
    }

    /** The links mailed to a domain's contact: approve or reject. */
    private Object approvalLink(Request request, Response response) {
        boolean approve = "approve".equals(request.queryParams("decision"));
        if (!approve && !"reject".equals(request.queryParams("decision"))) {
            return LinkPages.render(response, 400, "This link does not work", "It names no decision.");
        }
        try {
            DomainRequest decided = guarded(() -> approval.decideByContact(requestId(request.queryParams("request")),
                request.queryParams("code"), approve).block());
            return LinkPages.render(response, 200, decided.domain().asString() + (approve ? " approved" : " rejected"),
                "Thank you. The organization that asked has been told.");
        } catch (HaltException e) {
            return LinkPages.render(response, 400, "This link does not work", "It is wrong, expired or was used already.");
        }
    }

    private Object certificate(Request request, Response response) {
        Account account = account(request);
        CertificateRequest body = parse(request, CertificateRequest.class);
        DomainName domain = guarded(() -> DomainName.of(Optional.ofNullable(body.domain()).orElse("")));
        Object issued = guarded(() -> certificates.issue(account, domain, Optional.ofNullable(body.mxHost()).orElse(""),
            Optional.ofNullable(body.csr()).filter(csr -> !csr.isBlank())).block());
        if (issued instanceof GeneratedCertificate generated) {
            return write(response, 201, GeneratedCertificateDto.of(generated));
        }
        return write(response, 201, CertificateDto.of((IssuedCertificate) issued));
    }

    /** A domain of the organization's own, day by day (analytics on): 404 for any other domain, as for one not registered. */
    private Object histogram(Request request, Response response) {
        Account account = account(request);
        DomainName domain = guarded(() -> {
            try {
                return DomainName.of(request.params("domain"));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("domain", "a domain name");
            }
        });
        RegisteredDomain own = domains.byName(domain).filter(registered -> registered.organization().equals(account.organization()))
            .blockOptional()
            .orElseThrow(() -> notFound("no domain " + domain.asString() + " of your organization"));
        DayWindow asked = AnalyticsExchange.window(request, clock, AnalyticsExchange.DEFAULT_HISTOGRAM_DAYS);
        // its days since it is this organization's: a domain removed and accredited again may have had another owner before
        LocalDate accredited = LocalDate.ofInstant(own.registeredAt(), ZoneOffset.UTC);
        DayWindow window = new DayWindow(asked.from().isBefore(accredited) ? accredited : asked.from(), asked.to());
        return ok(response, AnalyticsExchange.histogram(domain, asked, AnalyticsExchange.engine(analytics, () ->
            window.from().isAfter(window.to()) ? List.<DayFigures>of() : analytics.histogram(domain, window.from(), window.to()))));
    }

    /** Asks the recipient domain's organization, by mail, to look again at a reported message. */
    private Object refutationRequest(Request request, Response response) {
        Account account = account(request);
        MessageId messageId = guarded(() -> MessageId.of(request.params("messageId")));
        DomainName asked = guarded(() -> refutations.ask(account.organization(), messageId).block());
        return write(response, 202, new RefutationAskedDto(messageId.asString(), asked.asString()));
    }

    private MeDto me(Account account) {
        Organization organization = organizations.get(account.organization()).block();
        return new MeDto(AccountDto.of(account), OrganizationDto.of(organization),
            domains.byOrganization(account.organization()).map(domain -> domain.name().asString()).collectList().block(),
            domainRequests.ofOrganization(account).map(DomainRequestDto::of).collectList().block());
    }

    private Account account(Request request) {
        return sessions.authenticated(token(request)).blockOptional()
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
}
