package org.ciers.authority.web;

import java.util.List;

import org.ciers.authority.accreditation.DomainCredentials;

/** An approved domain's credentials as the portal hands them out, the passphrase shown this once. */
public record PortalCredentialsDto(String domain, String serverId, String passphrase, List<String> mxHosts) {
    /** Written only as the answer's body: the passphrase stays out of logs. */
    @Override
    public String toString() {
        return "PortalCredentialsDto[domain=" + domain + ", serverId=" + serverId + ", passphrase=hidden]";
    }

    public static PortalCredentialsDto of(DomainCredentials credentials) {
        return new PortalCredentialsDto(credentials.domain().asString(), credentials.serverId().asString(),
            credentials.passphrase().reveal(), credentials.mxHosts());
    }
}
