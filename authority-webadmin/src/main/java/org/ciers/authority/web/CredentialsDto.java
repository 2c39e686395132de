package org.ciers.authority.web;

import java.math.BigDecimal;
import java.util.List;

import org.ciers.authority.accreditation.DomainCredentials;

/** A domain accredited by the operator: its credentials, the passphrase shown this once, and its starting trust. */
public record CredentialsDto(String domain, String serverId, String passphrase, List<String> mxHosts, BigDecimal trustValue) {
    /** Written only as the answer's body: the passphrase stays out of logs. */
    @Override
    public String toString() {
        return "CredentialsDto[domain=" + domain + ", serverId=" + serverId + ", passphrase=hidden]";
    }

    public static CredentialsDto of(DomainCredentials credentials, BigDecimal trustValue) {
        return new CredentialsDto(credentials.domain().asString(), credentials.serverId().asString(),
            credentials.passphrase().reveal(), credentials.mxHosts(), trustValue);
    }
}
