package org.ciers.authority.web;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.ciers.authority.accreditation.DnsProof;
import org.ciers.authority.model.DomainRequest;

/** A domain request, with the TXT record to publish when its proof is by DNS. */
public record DomainRequestDto(String id, String domain, List<String> mxHosts, String proof, String state, Instant requestedAt,
                               Optional<String> dnsRecord) {
    public static DomainRequestDto of(DomainRequest request) {
        return new DomainRequestDto(request.id().toString(), request.domain().asString(), request.mxHosts(),
            request.proof().name().toLowerCase(), request.state().name().toLowerCase(), request.requestedAt(),
            request.proof() == DomainRequest.Proof.DNS ? Optional.of(DnsProof.record(request)) : Optional.empty());
    }
}
