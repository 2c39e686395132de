package org.ciers.authority.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.ServerId;

/**
 * A mail domain accredited with the authority: its server ID, the slow salted hash of its
 * passphrase (never the passphrase), the MX hosts senders are told to use, and whether its
 * organization is suspended (its servers are then refused on the protocol, and its IDs too).
 */
public record RegisteredDomain(DomainName name, OrganizationId organization, ServerId serverId,
                               String passphraseHash, List<String> mxHosts, Instant registeredAt, boolean suspended) {
    public RegisteredDomain {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(passphraseHash, "passphraseHash");
        Objects.requireNonNull(registeredAt, "registeredAt");
        mxHosts = List.copyOf(mxHosts);
    }

    /** A newly accredited domain: not suspended. */
    public RegisteredDomain(DomainName name, OrganizationId organization, ServerId serverId, String passphraseHash,
                            List<String> mxHosts, Instant registeredAt) {
        this(name, organization, serverId, passphraseHash, mxHosts, registeredAt, false);
    }

    public RegisteredDomain withSuspended(boolean suspended) {
        return new RegisteredDomain(name, organization, serverId, passphraseHash, mxHosts, registeredAt, suspended);
    }

    @Override
    public String toString() {
        return "RegisteredDomain[" + name + ", serverId=" + serverId + ", mx=" + mxHosts + (suspended ? ", suspended" : "") + "]";
    }
}
