package org.ciers.authority.web;

import java.util.List;

/** The operator accredits a domain for an organization: its name and its MX hosts. */
public record AccreditDomainRequest(String domain, List<String> mxHosts) {
}
