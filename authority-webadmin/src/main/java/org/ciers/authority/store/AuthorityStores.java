package org.ciers.authority.store;

import java.util.Objects;

/** The authority's five stores, all of one kind (memory or Cassandra). */
public record AuthorityStores(OrganizationStore organizations, DomainStore domains, TransmissionStore transmissions,
                              ReportStore reports, TrustCounterStore trustCounters) {
    public AuthorityStores {
        Objects.requireNonNull(organizations, "organizations");
        Objects.requireNonNull(domains, "domains");
        Objects.requireNonNull(transmissions, "transmissions");
        Objects.requireNonNull(reports, "reports");
        Objects.requireNonNull(trustCounters, "trustCounters");
    }
}
