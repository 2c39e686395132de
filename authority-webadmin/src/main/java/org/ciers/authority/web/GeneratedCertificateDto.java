package org.ciers.authority.web;

import java.util.Base64;

import org.ciers.authority.accreditation.ca.GeneratedCertificate;

/** A certificate with the key the authority made for it: PKCS#12 (base64) and its password, handed out once. */
public record GeneratedCertificateDto(CertificateDto certificate, String pkcs12, String password) {
    /** Written only as the answer's body: the key and its password stay out of logs. */
    @Override
    public String toString() {
        return "GeneratedCertificateDto[certificate=" + certificate + ", pkcs12=hidden, password=hidden]";
    }

    public static GeneratedCertificateDto of(GeneratedCertificate generated) {
        return new GeneratedCertificateDto(CertificateDto.of(generated.certificate()),
            Base64.getEncoder().encodeToString(generated.pkcs12()), generated.password());
    }
}
