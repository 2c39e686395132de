package org.ciers.authority.accreditation;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.ciers.authority.model.DomainRequest;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.shared.InvalidFieldException;
import org.ciers.protocol.model.DomainName;

/**
 * What an organization asks for (spec §2): a domain, its MX hosts, how the domain is proven (by its
 * contact or by DNS) and, for the contact, which of the domain's administrative mailboxes
 * ({@link AdministrativeMailbox}) gets the approval mail: the requester picks one, and never types an
 * address, so that a request cannot be approved by someone outside the domain.
 * {@link #toPendingRequest} names the first field that is missing or malformed.
 */
public record DomainRequestInput(String domain, List<String> mxHosts, String proof, String contactMailbox) {

    DomainRequest toPendingRequest(OrganizationId organization, String dnsToken, Instant now) {
        DomainName name = domainName(domain, "domain");
        List<String> hosts = Optional.ofNullable(mxHosts).orElse(List.of()).stream()
            .map(host -> domainName(host, "mxHosts").asString()).toList();
        if (hosts.isEmpty()) {
            throw new InvalidFieldException("mxHosts", "at least one MX host name");
        }
        DomainRequest.Proof parsedProof;
        try {
            parsedProof = DomainRequest.Proof.valueOf(Optional.ofNullable(proof).orElse("").trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("proof", "contact or dns");
        }
        String contact = "";
        if (parsedProof == DomainRequest.Proof.CONTACT) {
            contact = AdministrativeMailbox.of(Optional.ofNullable(contactMailbox).orElse(""))
                .orElseThrow(() -> new InvalidFieldException("contactMailbox", "one of " + AdministrativeMailbox.listed()
                    + ": the approval goes to that mailbox at the requested domain"))
                .at(name);
        }
        return new DomainRequest(UUID.randomUUID(), name, organization, hosts, parsedProof, contact, dnsToken,
            DomainRequest.State.PENDING, now, Optional.empty());
    }

    private static DomainName domainName(String value, String field) {
        try {
            return DomainName.of(Optional.ofNullable(value).orElse("").trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(field, "a domain name, e.g. mx.example.com");
        }
    }
}
