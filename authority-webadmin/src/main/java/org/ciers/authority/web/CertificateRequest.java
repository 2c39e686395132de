package org.ciers.authority.web;

/** A certificate for one MX host of a domain: from the CSR when there is one, else with a key the authority makes. */
public record CertificateRequest(String domain, String mxHost, String csr) {
}
