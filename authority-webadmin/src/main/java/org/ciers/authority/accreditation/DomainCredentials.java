package org.ciers.authority.accreditation;

import java.util.List;

import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;

/** What a newly accredited domain is given once: its server ID and passphrase (stored only hashed). */
public record DomainCredentials(DomainName domain, ServerId serverId, Passphrase passphrase, List<String> mxHosts) {
}
