package org.ciers.authority.store;

import java.util.Objects;

/** The authority's stores, all of one kind (memory or Cassandra). */
public record AuthorityStores(OrganizationStore organizations, DomainStore domains, TransmissionStore transmissions,
                              ReportStore reports, TrustCounterStore trustCounters, AccountStore accounts, OneTimeCodeStore codes,
                              SessionStore sessions, DomainRequestStore domainRequests, CertificateStore certificates,
                              AuditLogStore auditLog, SigningKeyStore signingKeys, ReceiptStore receipts,
                              PeerStore peers, PeerOutboxStore peerOutbox,
                              AnalyticsOutboxStore analyticsOutbox, DailyFiguresStore dailyFigures) {
    public AuthorityStores {
        Objects.requireNonNull(organizations, "organizations");
        Objects.requireNonNull(domains, "domains");
        Objects.requireNonNull(transmissions, "transmissions");
        Objects.requireNonNull(reports, "reports");
        Objects.requireNonNull(trustCounters, "trustCounters");
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(domainRequests, "domainRequests");
        Objects.requireNonNull(certificates, "certificates");
        Objects.requireNonNull(auditLog, "auditLog");
        Objects.requireNonNull(signingKeys, "signingKeys");
        Objects.requireNonNull(receipts, "receipts");
        Objects.requireNonNull(peers, "peers");
        Objects.requireNonNull(peerOutbox, "peerOutbox");
        Objects.requireNonNull(analyticsOutbox, "analyticsOutbox");
        Objects.requireNonNull(dailyFigures, "dailyFigures");
    }
}
