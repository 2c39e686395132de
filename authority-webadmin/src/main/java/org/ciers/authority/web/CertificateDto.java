package org.ciers.authority.web;

import java.time.Instant;

import org.ciers.authority.model.IssuedCertificate;

/** A certificate the authority's CA issued for an MX host. */
public record CertificateDto(String serial, String domain, String mxHost, String pem, Instant notAfter, boolean revoked) {
    public static CertificateDto of(IssuedCertificate certificate) {
        return new CertificateDto(certificate.serial().toString(16), certificate.domain().asString(), certificate.mxHost(),
            certificate.pem(), certificate.notAfter(), certificate.revoked());
    }
}
