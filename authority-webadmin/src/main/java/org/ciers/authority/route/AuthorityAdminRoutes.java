package org.ciers.authority.route;

import static org.ciers.authority.route.JsonExchange.guarded;
import static org.ciers.authority.route.JsonExchange.notFound;
import static org.ciers.authority.route.JsonExchange.ok;
import static org.ciers.authority.route.JsonExchange.parse;
import static org.ciers.authority.route.JsonExchange.write;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.ciers.authority.model.Organization;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.model.RegisteredDomain;
import org.ciers.authority.model.SpamReport;
import org.ciers.authority.model.Transmission;
import org.ciers.authority.model.TrustCounters;
import org.ciers.authority.service.AccreditationException;
import org.ciers.authority.service.Accreditation;
import org.ciers.authority.service.DomainCredentials;
import org.ciers.authority.service.FlaggedMessages;
import org.ciers.authority.service.InvalidFieldException;
import org.ciers.authority.service.OrganizationRequest;
import org.ciers.authority.store.DomainStore;
import org.ciers.authority.store.OrganizationStore;
import org.ciers.authority.store.ReportStore;
import org.ciers.authority.store.TransmissionStore;
import org.ciers.authority.store.TrustCounterStore;
import org.ciers.protocol.model.DomainName;


import reactor.core.publisher.Mono;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The operator's JSON routes (authenticated whenever WebAdmin authentication is on): register
 * organizations, accredit domains, and see domains' trust, transmissions and reports.
 */
public class AuthorityAdminRoutes implements Routes {
    public static final String BASE_PATH = "/ciers";
    static final String ORGANIZATIONS = BASE_PATH + "/organizations";
    static final String ORGANIZATION = ORGANIZATIONS + "/:organizationId";
    static final String ORGANIZATION_DOMAINS = ORGANIZATION + "/domains";
    static final String ORGANIZATION_REPORTS = ORGANIZATION + "/reports";
    static final String DOMAINS = BASE_PATH + "/domains";
    static final String DOMAIN = DOMAINS + "/:domain";
    static final String DOMAIN_TRANSMISSIONS = DOMAIN + "/transmissions";
    static final String DOMAIN_REPORTS = DOMAIN + "/reports";
    private static final String LOGIN_ATTRIBUTE = "LOGIN";

    record DomainRequest(String domain, List<String> mxHosts) {
    }

    public record OrganizationDto(String id, String name, String type, String contactName, String address, String country,
                           String email, String phone, Instant createdAt) {
        public static OrganizationDto of(Organization organization) {
            return new OrganizationDto(organization.id().asString(), organization.name(), organization.type(),
                organization.contactName(), organization.address(), organization.country(), organization.email(),
                organization.phone(), organization.createdAt());
        }
    }

    record CountersDto(long transmissions, long standingReports, long refutedReports) {
        static CountersDto of(TrustCounters counters) {
            return new CountersDto(counters.transmissions(), counters.standingReports(), counters.refutedReports());
        }
    }

    record DomainDto(String domain, String organizationId, String serverId, List<String> mxHosts, Instant registeredAt,
                     BigDecimal trustValue, CountersDto counters) {
    }

    record CredentialsDto(String domain, String serverId, String passphrase, List<String> mxHosts, BigDecimal trustValue) {
    }

    record TransmissionDto(String messageId, String senderServerId, String senderDomain, String recipientDomain,
                           Instant issuedAt, Instant expiresAt, Optional<Instant> validatedAt) {
        static TransmissionDto of(Transmission transmission) {
            return new TransmissionDto(transmission.messageId().asString(), transmission.senderServerId().asString(),
                transmission.senderDomain().asString(), transmission.recipientDomain().asString(), transmission.issuedAt(),
                transmission.expiresAt(), transmission.validation().map(Transmission.Validation::validatedAt));
        }
    }

    public record ReportDto(String messageId, String senderServerId, String senderDomain, String recipientDomain, Instant sentAt,
                     Instant reportedAt, String state, Instant stateChangedAt) {
        public static ReportDto of(SpamReport report) {
            return new ReportDto(report.messageId().asString(), report.senderServerId().asString(),
                report.senderDomain().asString(), report.recipientDomain().asString(), report.sentAt(), report.reportedAt(),
                report.state().name().toLowerCase(java.util.Locale.ROOT), report.stateChangedAt());
        }
    }

    private final Accreditation accreditation;
    private final OrganizationStore organizations;
    private final DomainStore domains;
    private final TransmissionStore transmissions;
    private final ReportStore reports;
    private final TrustCounterStore counters;
    private final FlaggedMessages flaggedMessages;

    @Inject
    public AuthorityAdminRoutes(Accreditation accreditation, OrganizationStore organizations, DomainStore domains,
                                TransmissionStore transmissions, ReportStore reports, TrustCounterStore counters,
                                FlaggedMessages flaggedMessages) {
        this.accreditation = accreditation;
        this.organizations = organizations;
        this.domains = domains;
        this.transmissions = transmissions;
        this.reports = reports;
        this.counters = counters;
        this.flaggedMessages = flaggedMessages;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.post(ORGANIZATIONS, this::registerOrganization);
        service.get(ORGANIZATIONS, (request, response) -> ok(response, organizations.list().map(OrganizationDto::of).collectList().block()));
        service.get(ORGANIZATION, this::organization);
        service.post(ORGANIZATION_DOMAINS, this::accreditDomain);
        service.get(ORGANIZATION_REPORTS, this::flaggedMessages);
        service.get(DOMAINS, (request, response) -> ok(response,
            domains.list().flatMapSequential(this::domainDto).collectList().block()));
        service.get(DOMAIN, (request, response) -> ok(response, domainDto(registeredDomain(request)).block()));
        service.get(DOMAIN_TRANSMISSIONS, (request, response) -> ok(response,
            transmissions.listBySender(registeredDomain(request).name()).map(TransmissionDto::of).collectList().block()));
        service.get(DOMAIN_REPORTS, (request, response) -> ok(response,
            reports.listBySender(registeredDomain(request).name()).map(ReportDto::of).collectList().block()));
    }

    private Object registerOrganization(Request request, Response response) {
        OrganizationRequest organizationRequest = parse(request, OrganizationRequest.class);
        Organization organization = guarded(() -> accreditation.registerOrganization(organizationRequest, actor(request)).block());
        return write(response, 201, OrganizationDto.of(organization));
    }

    private Object organization(Request request, Response response) {
        OrganizationId id = organizationId(request);
        Organization organization = organizations.get(id).blockOptional()
            .orElseThrow(() -> notFound("no organization " + id.asString()));
        return ok(response, OrganizationDto.of(organization));
    }

    /** The organization's flagged messages: every report against any of its domains, newest first. */
    private Object flaggedMessages(Request request, Response response) {
        OrganizationId id = organizationId(request);
        organizations.get(id).blockOptional().orElseThrow(() -> notFound("no organization " + id.asString()));
        return ok(response, flaggedMessages.of(id).map(ReportDto::of).collectList().block());
    }

    private Object accreditDomain(Request request, Response response) {
        OrganizationId id = organizationId(request);
        DomainRequest domainRequest = parse(request, DomainRequest.class);
        DomainName domain = guarded(() -> {
            if (domainRequest.domain() == null) {
                throw new InvalidFieldException("domain", "required");
            }
            try {
                return DomainName.of(domainRequest.domain());
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("domain", "a domain name");
            }
        });
        List<String> mxHosts = domainRequest.mxHosts() == null ? List.of() : domainRequest.mxHosts();
        DomainCredentials credentials = guarded(() -> accreditation.accreditDomain(id, domain, mxHosts, actor(request)).block());
        return write(response, 201, new CredentialsDto(credentials.domain().asString(), credentials.serverId().asString(),
            credentials.passphrase().reveal(), credentials.mxHosts(), TrustCounters.ZERO.trustValue().asBigDecimal()));
    }

    private Mono<DomainDto> domainDto(RegisteredDomain domain) {
        return counters.get(domain.name())
            .map(trust -> new DomainDto(domain.name().asString(), domain.organization().asString(), domain.serverId().asString(),
                domain.mxHosts(), domain.registeredAt(), trust.trustValue().asBigDecimal(), CountersDto.of(trust)));
    }

    private RegisteredDomain registeredDomain(Request request) {
        DomainName name = guarded(() -> DomainName.of(request.params("domain")));
        return domains.byName(name).blockOptional()
            .orElseThrow(() -> notFound("no registered domain " + name.asString()));
    }

    private static OrganizationId organizationId(Request request) {
        return guarded(() -> OrganizationId.parse(request.params("organizationId")));
    }

    private static String actor(Request request) {
        Object login = request.attribute(LOGIN_ATTRIBUTE);
        return login == null ? "webadmin" : "webadmin user " + login;
    }
}
