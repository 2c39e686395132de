package org.ciers.authority.accreditation.ca;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import javax.inject.Inject;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.ciers.authority.model.IssuedCertificate;
import org.ciers.authority.security.SecretGenerator;
import org.ciers.authority.store.CertificateStore;
import org.ciers.protocol.model.DomainName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues the certificates of the authority's CA: an X.509 v3 certificate for each MX host of an
 * accredited domain (SAN = the host, serverAuth and clientAuth), from a CSR or with a key pair it
 * makes and hands out once as PKCS#12. Every issued certificate is recorded in the store.
 */
public class CertificateIssuer {
    private static final Logger LOGGER = LoggerFactory.getLogger(CertificateIssuer.class);
    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(397);
    /** A CSR is a few KiB at most; anything larger is not one. */
    private static final int MAX_CSR_CHARS = 16_384;
    private static final int SERIAL_BYTES = 16;
    private static final int PKCS12_PASSWORD_BYTES = 18;
    private static final String NOT_A_CSR = "a PEM certificate signing request (PKCS#10)";

    private final CaKeyCustody custody;
    private final CertificateStore store;
    private final SecretGenerator secrets;
    private final Clock clock;

    @Inject
    public CertificateIssuer(CaKeyCustody custody, CertificateStore store, SecretGenerator secrets, Clock clock) {
        this.custody = custody;
        this.store = store;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Refuses what is not a PEM PKCS#10 request, before anything else is looked at. */
    public void checkCsr(String csrPem) {
        parseCsr(csrPem);
    }

    /** Signs the host's CSR: the key stays with the organization (preferred). */
    public IssuedCertificate issue(DomainName domain, String mxHost, String csrPem) {
        PKCS10CertificationRequest csr = parseCsr(csrPem);
        try {
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))) {
                throw new InvalidCsrException("a CSR signed with its own key");
            }
            PublicKey publicKey = new JcaPKCS10CertificationRequest(csr).getPublicKey();
            return sign(domain, mxHost, publicKey);
        } catch (GeneralSecurityException | OperatorCreationException | PKCSException e) {
            throw new InvalidCsrException(NOT_A_CSR);
        }
    }

    /** Makes a key pair for the host and returns it with its certificate as PKCS#12, once. */
    public GeneratedCertificate issueWithNewKey(DomainName domain, String mxHost) {
        try {
            KeyPair keys = CaCrypto.rsaKeys();
            IssuedCertificate certificate = sign(domain, mxHost, keys.getPublic());
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secrets.bytes(PKCS12_PASSWORD_BYTES));
            KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
            pkcs12.load(null, null);
            pkcs12.setKeyEntry(mxHost, keys.getPrivate(), password.toCharArray(),
                new Certificate[] {CaCrypto.parseCertificate(certificate.pem()), custody.root().certificate()});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pkcs12.store(out, password.toCharArray());
            return new GeneratedCertificate(certificate, out.toByteArray(), password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a key pair for " + mxHost, e);
        }
    }

    private IssuedCertificate sign(DomainName domain, String mxHost, PublicKey publicKey) {
        CaKeyCustody.CaRoot ca = custody.root();
        try {
            Instant now = clock.instant();
            BigInteger serial = new BigInteger(1, secrets.bytes(SERIAL_BYTES));
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial,
                Date.from(now.minus(CaCrypto.BACKDATING)), Date.from(now.plus(CERTIFICATE_VALIDITY)),
                new X500Name("CN=" + mxHost), publicKey);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, mxHost)));
            builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca.certificate()));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey));
            X509Certificate certificate = CaCrypto.sign(builder, ca.key());
            IssuedCertificate issued = new IssuedCertificate(serial, domain, mxHost, CaCrypto.pem(certificate),
                certificate.getNotAfter().toInstant(), false);
            store.issued(issued).block();
            LOGGER.info("CIERS CA: certificate {} issued for {} ({})", serial.toString(16), mxHost, domain);
            return issued;
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a certificate for " + mxHost, e);
        }
    }

    private static PKCS10CertificationRequest parseCsr(String pem) {
        if (pem == null || pem.isBlank() || pem.length() > MAX_CSR_CHARS) {
            throw new InvalidCsrException(NOT_A_CSR);
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object parsed = parser.readObject();
            if (parsed instanceof PKCS10CertificationRequest csr) {
                return csr;
            }
        } catch (IOException | RuntimeException e) {
            // not PEM
        }
        throw new InvalidCsrException(NOT_A_CSR);
    }
}
