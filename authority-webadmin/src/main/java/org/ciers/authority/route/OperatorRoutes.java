package org.ciers.authority.route;

import static org.ciers.authority.route.JsonExchange.guarded;
import static org.ciers.authority.route.JsonExchange.notFound;
import static org.ciers.authority.route.JsonExchange.ok;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.ciers.authority.model.AuditEntry;
import org.ciers.authority.model.Organization;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.service.DomainApproval;
import org.ciers.authority.service.InvalidFieldException;
import org.ciers.authority.service.OrganizationAccounts;
import org.ciers.authority.store.AccountStore;
import org.ciers.authority.store.AuditLogStore;
import org.ciers.authority.store.DomainRequestStore;
import org.ciers.authority.store.OrganizationStore;
import org.ciers.protocol.model.DomainName;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * What the authority's operator does (WebAdmin, authenticated like every WebAdmin route): look at
 * accounts, suspend an organization, approve a domain request by hand, read the audit log.
 */
public class OperatorRoutes implements Routes {
    public static final String ACCOUNTS = "/ciers/accounts";
    public static final String SUSPENSION = "/ciers/organizations/:organizationId/suspension";
    public static final String DOMAIN_REQUESTS = "/ciers/domain-requests";
    public static final String APPROVAL = DOMAIN_REQUESTS + "/:id/approval";
    public static final String AUDIT = "/ciers/audit";
    public static final String DOMAIN = "/ciers/domains/:domain";
    private static final int DEFAULT_AUDIT_LIMIT = 100;
    private static final int MAX_AUDIT_LIMIT = 1000;
    private static final String LOGIN_ATTRIBUTE = "LOGIN";

    record AuditDto(Instant at, String actor, String action, String subject) {
        static AuditDto of(AuditEntry entry) {
            return new AuditDto(entry.at(), entry.actor(), entry.action(), entry.subject());
        }
    }

    private final AccountStore accounts;
    private final OrganizationStore organizations;
    private final DomainRequestStore requests;
    private final AuditLogStore audit;
    private final OrganizationAccounts organizationAccounts;
    private final DomainApproval approval;

    @Inject
    public OperatorRoutes(AccountStore accounts, OrganizationStore organizations, DomainRequestStore requests, AuditLogStore audit,
                          OrganizationAccounts organizationAccounts, DomainApproval approval) {
        this.accounts = accounts;
        this.organizations = organizations;
        this.requests = requests;
        this.audit = audit;
        this.organizationAccounts = organizationAccounts;
        this.approval = approval;
    }

    @Override
    public String getBasePath() {
        return "/ciers";
    }

    @Override
    public void define(Service service) {
        service.get(ACCOUNTS, (request, response) -> ok(response, accounts.byOrganization(organization(request.queryParams("organization")).id())
            .map(PortalRoutes.AccountDto::of).collectList().block()));
        service.post(SUSPENSION, this::suspend);
        service.get(DOMAIN_REQUESTS, (request, response) -> ok(response, requests.pending().map(PortalRoutes.RequestDto::of).collectList().block()));
        service.post(APPROVAL, (request, response) -> ok(response, PortalRoutes.RequestDto.of(guarded(() ->
            approval.approveByOperator(requestId(request), actor(request)).block()))));
        service.get(AUDIT, (request, response) -> ok(response, audit.latest(limit(request)).map(AuditDto::of).collectList().block()));
        service.delete(DOMAIN, (request, response) -> {
            DomainName domain = guarded(() -> DomainName.of(request.params("domain")));
            if (!approval.remove(domain, actor(request)).block()) {
                throw notFound("no registered domain " + domain.asString());
            }
            response.status(204);
            return "";
        });
    }

    private Object suspend(Request request, Response response) {
        Organization organization = organization(request.params("organizationId"));
        organizationAccounts.suspend(organization, actor(request)).block();
        response.status(204);
        return "";
    }

    private Organization organization(String id) {
        OrganizationId organizationId = guarded(() -> OrganizationId.parse(Optional.ofNullable(id).orElse("")));
        return organizations.get(organizationId).blockOptional().orElseThrow(() -> notFound("no organization " + organizationId.asString()));
    }

    private static UUID requestId(Request request) {
        return guarded(() -> {
            try {
                return UUID.fromString(request.params("id"));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("id", "a request ID");
            }
        });
    }

    private static int limit(Request request) {
        return guarded(() -> {
            String value = request.queryParams("limit");
            if (value == null) {
                return DEFAULT_AUDIT_LIMIT;
            }
            try {
                int limit = Integer.parseInt(value);
                if (limit < 1 || limit > MAX_AUDIT_LIMIT) {
                    throw new NumberFormatException();
                }
                return limit;
            } catch (NumberFormatException e) {
                throw new InvalidFieldException("limit", "1 to " + MAX_AUDIT_LIMIT);
            }
        });
    }

    private static String actor(Request request) {
        Object login = request.attribute(LOGIN_ATTRIBUTE);
        return login == null ? "webadmin" : "webadmin user " + login;
    }
}
