package org.ciers.authority.operator;

import static org.ciers.authority.web.JsonExchange.actor;
import static org.ciers.authority.web.JsonExchange.guarded;
import static org.ciers.authority.web.JsonExchange.notFound;
import static org.ciers.authority.web.JsonExchange.ok;
import static org.ciers.authority.web.JsonExchange.parse;
import static org.ciers.authority.web.JsonExchange.write;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.ciers.authority.accreditation.Accreditation;
import org.ciers.authority.accreditation.DomainApproval;
import org.ciers.authority.accreditation.DomainCredentials;
import org.ciers.authority.accreditation.DomainRemoval;
import org.ciers.authority.accreditation.OrganizationAccounts;
import org.ciers.authority.accreditation.OrganizationRequest;
import org.ciers.authority.federation.PeerKeySets;
import org.ciers.authority.federation.PeerViews;
import org.ciers.authority.federation.Peers;
import org.ciers.authority.model.Organization;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.model.Peer;
import org.ciers.authority.model.TrustCounters;
import org.ciers.authority.shared.InvalidFieldException;
import org.ciers.authority.signing.KeyRotation;
import org.ciers.authority.signing.SigningKeyCustody;
import org.ciers.authority.web.AccreditDomainRequest;
import org.ciers.authority.web.CredentialsDto;
import org.ciers.authority.web.DomainRequestDto;
import org.ciers.authority.web.OrganizationDto;
import org.ciers.authority.web.PeerInput;
import org.ciers.authority.web.SigningKeyDto;
import org.ciers.protocol.model.AuthorityName;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Everything the authority's operator does, on {@code /ciers} (JSON; WebAdmin routes, so
 * authenticated whenever WebAdmin authentication is on): register organizations and accredit their
 * domains, see domains' trust, transmissions and reports and organizations' flagged messages, look
 * at accounts, suspend an organization, approve a domain request by hand, remove a domain, read the
 * audit log, and see, add, suspend and resume the peer authorities (spec §7). What it reads comes
 * from {@link OperatorViews} and {@link PeerViews}.
 */
public class OperatorRoutes implements Routes {
    public static final String BASE_PATH = "/ciers/operator";
    public static final String ORGANIZATIONS = BASE_PATH + "/organizations";
    public static final String ORGANIZATION = ORGANIZATIONS + "/:organizationId";
    public static final String ORGANIZATION_DOMAINS = ORGANIZATION + "/domains";
    public static final String ORGANIZATION_REPORTS = ORGANIZATION + "/reports";
    public static final String SUSPENSION = ORGANIZATION + "/suspension";
    public static final String ACCOUNTS = BASE_PATH + "/accounts";
    public static final String DOMAINS = BASE_PATH + "/domains";
    public static final String DOMAIN = DOMAINS + "/:domain";
    public static final String DOMAIN_TRANSMISSIONS = DOMAIN + "/transmissions";
    public static final String DOMAIN_REPORTS = DOMAIN + "/reports";
    public static final String DOMAIN_REQUESTS = BASE_PATH + "/domain-requests";
    public static final String APPROVAL = DOMAIN_REQUESTS + "/:id/approval";
    public static final String AUDIT = BASE_PATH + "/audit";
    public static final String SIGNING_KEYS = BASE_PATH + "/signing-keys";
    public static final String SIGNING_KEY = SIGNING_KEYS + "/:keyId";
    public static final String PEERS = BASE_PATH + "/peers";
    public static final String PEER = PEERS + "/:peer";
    public static final String PEER_SUSPENSION = PEER + "/suspension";
    public static final String FORWARDED = BASE_PATH + "/forwarded/:messageId";
    private static final int DEFAULT_AUDIT_LIMIT = 100;
    private static final int MAX_AUDIT_LIMIT = 1000;

    private final Accreditation accreditation;
    private final OrganizationAccounts organizationAccounts;
    private final DomainApproval approval;
    private final DomainRemoval removal;
    private final OperatorViews views;
    private final KeyRotation keyRotation;
    private final SigningKeyCustody signingKeys;
    private final Peers peers;
    private final PeerViews peerViews;
    private final PeerKeySets peerKeySets;

    @Inject
    public OperatorRoutes(Accreditation accreditation, OrganizationAccounts organizationAccounts, DomainApproval approval,
                          DomainRemoval removal, OperatorViews views, KeyRotation keyRotation, SigningKeyCustody signingKeys, Peers peers,
                          PeerViews peerViews, PeerKeySets peerKeySets) {
        this.accreditation = accreditation;
        this.organizationAccounts = organizationAccounts;
        this.approval = approval;
        this.removal = removal;
        this.views = views;
        this.keyRotation = keyRotation;
        this.signingKeys = signingKeys;
        this.peers = peers;
        this.peerViews = peerViews;
        this.peerKeySets = peerKeySets;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.post(ORGANIZATIONS, this::registerOrganization);
        service.get(ORGANIZATIONS, (request, response) -> ok(response, views.organizations()));
        service.get(ORGANIZATION, (request, response) -> ok(response,
            OrganizationDto.of(views.organization(organizationId(request.params("organizationId"))))));
        service.post(ORGANIZATION_DOMAINS, this::accreditDomain);
        service.get(ORGANIZATION_REPORTS, (request, response) -> ok(response,
            views.flaggedMessages(views.organization(organizationId(request.params("organizationId"))))));
        service.post(SUSPENSION, this::suspend);
        service.get(ACCOUNTS, (request, response) -> ok(response,
            views.accounts(views.organization(organizationId(request.queryParams("organization"))))));

        service.get(DOMAINS, (request, response) -> ok(response, views.domains()));
        service.get(DOMAIN, (request, response) -> ok(response, views.domain(request.params("domain"))));
        service.get(DOMAIN_TRANSMISSIONS, (request, response) -> ok(response, views.transmissions(request.params("domain"))));
        service.get(DOMAIN_REPORTS, (request, response) -> ok(response, views.reports(request.params("domain"))));
        service.delete(DOMAIN, this::removeDomain);

        service.get(DOMAIN_REQUESTS, (request, response) -> ok(response, views.pendingRequests()));
        service.post(APPROVAL, (request, response) -> ok(response, DomainRequestDto.of(guarded(() ->
            approval.approve(requestId(request), actor(request)).block()))));
        service.get(AUDIT, (request, response) -> ok(response, views.latestAudit(limit(request))));
        service.get(SIGNING_KEYS, (request, response) -> ok(response, signingKeys.stored().stream().map(SigningKeyDto::of).toList()));
        service.post(SIGNING_KEYS, (request, response) -> write(response, 201, SigningKeyDto.of(keyRotation.rotate(actor(request)))));
        service.delete(SIGNING_KEY, this::removeSigningKey);

        service.get(PEERS, (request, response) -> ok(response, peerViews.all()));
        service.get(PEER, (request, response) -> ok(response, peerViews.named(peerName(request))
            .orElseThrow(() -> notFound("no peer " + request.params("peer")))));
        service.put(PEER, this::putPeer);
        service.post(PEER_SUSPENSION, (request, response) -> peerSuspension(request, response, true));
        service.delete(PEER_SUSPENSION, (request, response) -> peerSuspension(request, response, false));
        service.get(FORWARDED, (request, response) -> ok(response, peerViews.forwarded(guarded(() -> {
            try {
                return MessageId.of(request.params("messageId"));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("messageId", "a message ID");
            }
        }))));
    }

    /** Adds a peer or changes its URL (HTTPS only): 200 with the peer as it stands. */
    private Object putPeer(Request request, Response response) {
        AuthorityName name = peerName(request);
        PeerInput input = parse(request, PeerInput.class);
        URI url = guarded(() -> {
            try {
                return URI.create(Optional.ofNullable(input.url()).orElseThrow(() -> new InvalidFieldException("url", "required")));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("url", "an https:// URL");
            }
        });
        Peer peer = guarded(() -> peers.add(name, url, actor(request)));
        if (!peer.suspended()) {
            // its keys at once: until they are here, this authority's servers would refuse the peer's IDs
            peerKeySets.fetchNow(peer);
        }
        return ok(response, peerViews.named(name).orElseThrow());
    }

    /** Suspends (POST) or resumes (DELETE) a peer: 204, or 404 for an unknown one. */
    private Object peerSuspension(Request request, Response response, boolean suspended) {
        AuthorityName name = peerName(request);
        if (!peers.setSuspended(name, suspended, actor(request))) {
            throw notFound("no peer " + name.asString());
        }
        if (!suspended) {
            peers.named(name).ifPresent(peerKeySets::fetchNow);
        }
        response.status(204);
        return "";
    }

    private static AuthorityName peerName(Request request) {
        return guarded(() -> {
            try {
                return AuthorityName.of(request.params("peer"));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("peer", "an authority name");
            }
        });
    }

    private Object registerOrganization(Request request, Response response) {
        OrganizationRequest organizationRequest = parse(request, OrganizationRequest.class);
        Organization organization = guarded(() -> accreditation.registerOrganization(organizationRequest, actor(request)).block());
        return write(response, 201, OrganizationDto.of(organization));
    }

    private Object accreditDomain(Request request, Response response) {
        OrganizationId id = organizationId(request.params("organizationId"));
        AccreditDomainRequest domainRequest = parse(request, AccreditDomainRequest.class);
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
        return write(response, 201, CredentialsDto.of(credentials, TrustCounters.ZERO.trustValue().asBigDecimal()));
    }

    private Object suspend(Request request, Response response) {
        Organization organization = views.organization(organizationId(request.params("organizationId")));
        organizationAccounts.suspend(organization, actor(request)).block();
        response.status(204);
        return "";
    }

    private Object removeDomain(Request request, Response response) {
        DomainName domain = guarded(() -> DomainName.of(request.params("domain")));
        if (!removal.remove(domain, actor(request)).block()) {
            throw notFound("no registered domain " + domain.asString());
        }
        response.status(204);
        return "";
    }

    /** 404 for an unknown key; 409 for the key that signs now (rotate first). */
    private Object removeSigningKey(Request request, Response response) {
        int keyId = guarded(() -> {
            try {
                return Integer.parseInt(request.params("keyId"));
            } catch (NumberFormatException e) {
                throw new InvalidFieldException("keyId", "a key ID");
            }
        });
        switch (keyRotation.remove(actor(request), keyId)) {
            case REMOVED -> {
                response.status(204);
                return "";
            }
            case SIGNS_NOW -> {
                return write(response, 409, Map.of("message", "key " + keyId + " signs now: add the next key first"));
            }
            default -> throw notFound("no signing key " + keyId);
        }
    }

    /** 400 for what is not an organization ID (a missing query parameter included). */
    private static OrganizationId organizationId(String value) {
        return guarded(() -> OrganizationId.parse(Optional.ofNullable(value).orElse("")));
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
}
