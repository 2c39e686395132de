package org.ciers.authority.accreditation.ca;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** The CA's algorithms and encodings, one place for the root and the host certificates: RSA keys, SHA-256 with RSA, PEM. */
final class CaCrypto {
    private static final String SIGNATURE = "SHA256withRSA";
    private static final int KEY_BITS = 2048;
    /** Certificates start a little in the past: a peer whose clock is slightly behind still accepts them. */
    static final Duration BACKDATING = Duration.ofMinutes(5);

    private CaCrypto() {
    }

    static KeyPair rsaKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(KEY_BITS);
        return generator.generateKeyPair();
    }

    static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException, OperatorCreationException {
        return convert(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
    }

    static X509Certificate parseCertificate(String pem) throws IOException, GeneralSecurityException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return convert((X509CertificateHolder) parser.readObject());
        }
    }

    static String pem(X509Certificate certificate) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate);
        }
        return out.toString();
    }

    private static X509Certificate convert(X509CertificateHolder holder) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }
}
