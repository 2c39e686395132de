package org.ciers.authority.ca;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.model.CaKeys;
import org.ciers.authority.model.IssuedCertificate;
import org.ciers.authority.security.SecretGenerator;
import org.ciers.authority.service.InvalidFieldException;
import org.ciers.authority.store.CertificateStore;
import org.ciers.protocol.model.DomainName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authority's certificate authority (Bouncy Castle): a root made at first start and kept in the
 * store, shared by every authority node, its private key encrypted at rest (AES-256-GCM under
 * {@code authority.ca.key}). It signs an X.509 v3 certificate for each MX host of an accredited
 * domain (SAN = the host, serverAuth and clientAuth), from a CSR or with a key pair it makes and
 * hands out once as PKCS#12.
 */
@Singleton
public class CertificateAuthority {
    private static final Logger LOGGER = LoggerFactory.getLogger(CertificateAuthority.class);
    private static final String SIGNATURE = "SHA256withRSA";
    private static final int KEY_BITS = 2048;
    private static final Duration ROOT_VALIDITY = Duration.ofDays(3650);
    static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(397);
    private static final int GCM_IV_BYTES = 12;
    private static final int GCM_TAG_BITS = 128;

    /** A certificate with the key the authority made for it, delivered once. */
    public record GeneratedCertificate(IssuedCertificate certificate, byte[] pkcs12, String password) {
    }

    private final CertificateStore store;
    private final SecretGenerator secrets;
    private final Clock clock;
    private final byte[] encryptionKey;
    private volatile Loaded loaded;

    private record Loaded(X509Certificate root, PrivateKey key, String rootPem) {
    }

    @Inject
    public CertificateAuthority(CertificateStore store, AuthorityConfiguration configuration, SecretGenerator secrets, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.clock = clock;
        this.encryptionKey = configuration.caKey().map(AuthorityConfiguration.CaKey::bytes).orElseGet(() -> {
            LOGGER.warn("CIERS: no {} configured; the CA key is encrypted with a key of this process only, "
                + "which a restart or another authority node cannot read", AuthorityConfiguration.CA_KEY);
            return secrets.bytes(32);
        });
    }

    /** The root certificate, PEM, for anyone to trust. */
    public String rootPem() {
        return ca().rootPem();
    }

    public X509Certificate root() {
        return ca().root();
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
                throw new InvalidFieldException("csr", "a CSR signed with its own key");
            }
            PublicKey publicKey = new JcaPKCS10CertificationRequest(csr).getPublicKey();
            return sign(domain, mxHost, publicKey);
        } catch (GeneralSecurityException | OperatorCreationException | org.bouncycastle.pkcs.PKCSException e) {
            throw new InvalidFieldException("csr", "a PEM certificate signing request (PKCS#10)");
        }
    }

    /** Makes a key pair for the host and returns it with its certificate as PKCS#12, once. */
    public GeneratedCertificate issueWithNewKey(DomainName domain, String mxHost) {
        try {
            KeyPair keys = rsaKeys();
            IssuedCertificate certificate = sign(domain, mxHost, keys.getPublic());
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secrets.bytes(18));
            KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
            pkcs12.load(null, null);
            pkcs12.setKeyEntry(mxHost, keys.getPrivate(), password.toCharArray(),
                new Certificate[] {parseCertificate(certificate.pem()), ca().root()});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pkcs12.store(out, password.toCharArray());
            return new GeneratedCertificate(certificate, out.toByteArray(), password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a key pair for " + mxHost, e);
        }
    }

    public void revoke(DomainName domain) {
        store.revokeDomain(domain).block();
        LOGGER.info("CIERS CA: certificates of {} revoked", domain);
    }

    private IssuedCertificate sign(DomainName domain, String mxHost, PublicKey publicKey) {
        Loaded ca = ca();
        try {
            Instant now = clock.instant();
            BigInteger serial = new BigInteger(1, secrets.bytes(16));
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.root(), serial,
                java.util.Date.from(now.minus(Duration.ofMinutes(5))), java.util.Date.from(now.plus(CERTIFICATE_VALIDITY)),
                new X500Name("CN=" + mxHost), publicKey);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, mxHost)));
            builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca.root()));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey));
            X509Certificate certificate = convert(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(ca.key())));
            IssuedCertificate issued = new IssuedCertificate(serial, domain, mxHost, pem(certificate), certificate.getNotAfter().toInstant(),
                false);
            store.issued(issued).block();
            LOGGER.info("CIERS CA: certificate {} issued for {} ({})", serial.toString(16), mxHost, domain);
            return issued;
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a certificate for " + mxHost, e);
        }
    }

    private Loaded ca() {
        Loaded current = loaded;
        if (current == null) {
            synchronized (this) {
                if (loaded == null) {
                    CaKeys keys = store.ca().blockOptional().orElseGet(() -> store.initCa(createRoot()).block());
                    loaded = load(keys);
                }
                current = loaded;
            }
        }
        return current;
    }

    private CaKeys createRoot() {
        try {
            KeyPair keys = rsaKeys();
            Instant now = clock.instant();
            X500Name name = new X500Name("CN=CIERS authority root CA, O=CIERS");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(1, secrets.bytes(16)),
                java.util.Date.from(now.minus(Duration.ofMinutes(5))), java.util.Date.from(now.plus(ROOT_VALIDITY)), name, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate root = convert(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(keys.getPrivate())));
            LOGGER.info("CIERS CA: root created ({})", root.getSubjectX500Principal());
            return new CaKeys(pem(root), encrypt(keys.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the CA root", e);
        }
    }

    private Loaded load(CaKeys keys) {
        try {
            X509Certificate root = parseCertificate(keys.rootPem());
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(decrypt(keys.encryptedPrivateKey())));
            return new Loaded(root, key, keys.rootPem());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot read the CA key: is " + AuthorityConfiguration.CA_KEY
                + " the key it was made with?", e);
        }
    }

    private byte[] encrypt(byte[] plain) throws GeneralSecurityException {
        byte[] iv = secrets.bytes(GCM_IV_BYTES);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"), new GCMParameterSpec(GCM_TAG_BITS, iv));
        byte[] sealed = cipher.doFinal(plain);
        byte[] out = Arrays.copyOf(iv, iv.length + sealed.length);
        System.arraycopy(sealed, 0, out, iv.length, sealed.length);
        return out;
    }

    private byte[] decrypt(byte[] stored) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"),
            new GCMParameterSpec(GCM_TAG_BITS, stored, 0, GCM_IV_BYTES));
        return cipher.doFinal(stored, GCM_IV_BYTES, stored.length - GCM_IV_BYTES);
    }

    private static KeyPair rsaKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(KEY_BITS);
        return generator.generateKeyPair();
    }

    private static PKCS10CertificationRequest parseCsr(String pem) {
        if (pem == null || pem.isBlank() || pem.length() > 16_384) {
            throw new InvalidFieldException("csr", "a PEM certificate signing request (PKCS#10)");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object parsed = parser.readObject();
            if (parsed instanceof PKCS10CertificationRequest csr) {
                return csr;
            }
        } catch (IOException | RuntimeException e) {
            // not PEM
        }
        throw new InvalidFieldException("csr", "a PEM certificate signing request (PKCS#10)");
    }

    static X509Certificate parseCertificate(String pem) throws IOException, GeneralSecurityException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return convert((X509CertificateHolder) parser.readObject());
        }
    }

    private static X509Certificate convert(X509CertificateHolder holder) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static String pem(X509Certificate certificate) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate);
        }
        return out.toString();
    }
}
