package org.ciers.authority.accreditation.ca;

import org.ciers.authority.model.IssuedCertificate;

/** A certificate with the key the authority made for it, delivered once as PKCS#12 with its password. */
public record GeneratedCertificate(IssuedCertificate certificate, byte[] pkcs12, String password) {
}
