package org.ciers.authority.operator;

import static org.ciers.authority.web.JsonExchange.guarded;
import static org.ciers.authority.web.JsonExchange.notFound;

import java.util.List;

import javax.inject.Inject;

import org.ciers.authority.model.Organization;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.model.RegisteredDomain;
import org.ciers.authority.store.AccountStore;
import org.ciers.authority.store.AuditLogStore;
import org.ciers.authority.store.DomainRequestStore;
import org.ciers.authority.store.DomainStore;
import org.ciers.authority.store.OrganizationStore;
import org.ciers.authority.store.ReportStore;
import org.ciers.authority.store.TransmissionStore;
import org.ciers.authority.transmission.FlaggedMessages;
import org.ciers.authority.transmission.SenderTrust;
import org.ciers.authority.web.AccountDto;
import org.ciers.authority.web.AuditDto;
import org.ciers.authority.web.DomainDto;
import org.ciers.authority.web.DomainRequestDto;
import org.ciers.authority.web.OrganizationDto;
import org.ciers.authority.web.ReportDto;
import org.ciers.authority.web.TransmissionDto;
import org.ciers.protocol.model.DomainName;

import reactor.core.publisher.Mono;

/**
 * What the operator reads: organizations, their accounts and flagged messages, accredited domains
 * with their trust, transmissions and reports, pending domain requests and the audit log, as the
 * operator routes answer them. What a route names and does not exist is a 404 here.
 */
public class OperatorViews {
    private final OrganizationStore organizations;
    private final AccountStore accounts;
    private final DomainStore domains;
    private final DomainRequestStore requests;
    private final TransmissionStore transmissions;
    private final ReportStore reports;
    private final SenderTrust senderTrust;
    private final AuditLogStore audit;
    private final FlaggedMessages flaggedMessages;

    @Inject
    public OperatorViews(OrganizationStore organizations, AccountStore accounts, DomainStore domains, DomainRequestStore requests,
                         TransmissionStore transmissions, ReportStore reports, SenderTrust senderTrust, AuditLogStore audit,
                         FlaggedMessages flaggedMessages) {
        this.organizations = organizations;
        this.accounts = accounts;
        this.domains = domains;
        this.requests = requests;
        this.transmissions = transmissions;
        this.reports = reports;
        this.senderTrust = senderTrust;
        this.audit = audit;
        this.flaggedMessages = flaggedMessages;
    }

    List<OrganizationDto> organizations() {
        return organizations.list().map(OrganizationDto::of).collectList().block();
    }

    /** 404 for an unknown organization. */
    Organization organization(OrganizationId id) {
        return organizations.get(id).blockOptional()
            .orElseThrow(() -> notFound("no organization " + id.asString()));
    }

    List<AccountDto> accounts(Organization organization) {
        return accounts.byOrganization(organization.id()).map(AccountDto::of).collectList().block();
    }

    /** The organization's flagged messages: every report against any of its domains, newest first. */
    List<ReportDto> flaggedMessages(Organization organization) {
        return flaggedMessages.of(organization.id()).map(ReportDto::of).collectList().block();
    }

    List<DomainDto> domains() {
        return domains.list().flatMapSequential(this::domainDto).collectList().block();
    }

    DomainDto domain(String name) {
        return domainDto(registeredDomain(name)).block();
    }

    List<TransmissionDto> transmissions(String domain) {
        return transmissions.listBySender(registeredDomain(domain).name()).map(TransmissionDto::of).collectList().block();
    }

    List<ReportDto> reports(String domain) {
        return reports.listBySender(registeredDomain(domain).name()).map(ReportDto::of).collectList().block();
    }

    List<DomainRequestDto> pendingRequests() {
        return requests.pending().map(DomainRequestDto::of).collectList().block();
    }

    List<AuditDto> latestAudit(int limit) {
        return audit.latest(limit).map(AuditDto::of).collectList().block();
    }

    private Mono<DomainDto> domainDto(RegisteredDomain domain) {
        return senderTrust.counters(domain.name()).map(trust -> DomainDto.of(domain, trust));
    }

    private RegisteredDomain registeredDomain(String domain) {
        DomainName name = guarded(() -> DomainName.of(domain));
        return domains.byName(name).blockOptional()
            .orElseThrow(() -> notFound("no registered domain " + name.asString()));
    }
}
