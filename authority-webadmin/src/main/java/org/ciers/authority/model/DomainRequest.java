package org.ciers.authority.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.ciers.protocol.model.DomainName;

/**
 * An active organization's request to accredit a domain, proven by the domain contact's approval
 * (a mailed link) or by a DNS TXT record {@code _ciers.<domain>} holding {@code dnsToken}.
 */
public record DomainRequest(UUID id, DomainName domain, OrganizationId organization, List<String> mxHosts, Proof proof,
                            String contactEmail, String dnsToken, State state, Instant requestedAt, Optional<Instant> decidedAt) {
    public enum Proof {
        CONTACT,
        DNS
    }

    public enum State {
        PENDING,
        APPROVED,
        REJECTED
    }

    public DomainRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(organization, "organization");
        mxHosts = List.copyOf(mxHosts);
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(contactEmail, "contactEmail");
        Objects.requireNonNull(dnsToken, "dnsToken");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }

    public DomainRequest decided(State newState, Instant at) {
        return new DomainRequest(id, domain, organization, mxHosts, proof, contactEmail, dnsToken, newState, requestedAt, Optional.of(at));
    }
}
