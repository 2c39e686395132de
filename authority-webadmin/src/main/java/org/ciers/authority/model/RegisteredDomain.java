package org.ciers.authority.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.ServerId;

/**
 * A mail domain accredited with the authority: its server ID, the slow salted hash of its
 * passphrase (never the passphrase), and the MX hosts senders are told to use.
 */
public record RegisteredDomain(DomainName name, OrganizationId organization, ServerId serverId,
                               String passphraseHash, List<String> mxHosts, Instant registeredAt) {
    public RegisteredDomain {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(passphraseHash, "passphraseHash");
        Objects.requireNonNull(registeredAt, "registeredAt");
        mxHosts = List.copyOf(mxHosts);
    }

    @Override
    public String toString() {
        return "RegisteredDomain[" + name + ", serverId=" + serverId + ", mx=" + mxHosts + "]";
    }
}
