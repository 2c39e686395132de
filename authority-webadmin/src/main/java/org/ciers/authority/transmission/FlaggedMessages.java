package org.ciers.authority.transmission;

import java.util.Comparator;

import javax.inject.Inject;

import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.model.SpamReport;
import org.ciers.authority.store.DomainStore;
import org.ciers.authority.store.ReportStore;

import reactor.core.publisher.Flux;

/** An organization's flagged messages (spec §5): every report against any of its domains, newest first. */
public class FlaggedMessages {
    private final DomainStore domains;
    private final ReportStore reports;

    @Inject
    public FlaggedMessages(DomainStore domains, ReportStore reports) {
        this.domains = domains;
        this.reports = reports;
    }

    public Flux<SpamReport> of(OrganizationId organization) {
        return domains.byOrganization(organization)
            .concatMap(domain -> reports.listBySender(domain.name()))
            .sort(Comparator.comparing(SpamReport::reportedAt).reversed());
    }
}
