package org.ciers.authority.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.ciers.authority.model.RegisteredDomain;
import org.ciers.authority.model.TrustCounters;

/** An accredited domain with its trust value and counters, as the operator sees it. */
public record DomainDto(String domain, String organizationId, String serverId, List<String> mxHosts, Instant registeredAt,
                        BigDecimal trustValue, CountersDto counters) {
    public static DomainDto of(RegisteredDomain domain, TrustCounters trust) {
        return new DomainDto(domain.name().asString(), domain.organization().asString(), domain.serverId().asString(),
            domain.mxHosts(), domain.registeredAt(), trust.trustValue().asBigDecimal(), CountersDto.of(trust));
    }
}
