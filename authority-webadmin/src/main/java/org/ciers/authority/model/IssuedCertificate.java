package org.ciers.authority.model;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

import org.ciers.protocol.model.DomainName;

/** A certificate the authority's CA issued for one MX host of an accredited domain. */
public record IssuedCertificate(BigInteger serial, DomainName domain, String mxHost, String pem, Instant notAfter, boolean revoked) {
    public IssuedCertificate {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(mxHost, "mxHost");
        Objects.requireNonNull(pem, "pem");
        Objects.requireNonNull(notAfter, "notAfter");
    }

    public IssuedCertificate asRevoked() {
        return new IssuedCertificate(serial, domain, mxHost, pem, notAfter, true);
    }
}
