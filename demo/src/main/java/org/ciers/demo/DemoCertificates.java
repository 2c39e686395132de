package org.ciers.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

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
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The demo's certificate authority (Bouncy Castle): a root made when the demo starts and one server
 * certificate per mail server (SAN: its MX host name and 127.0.0.1, serverAuth and clientAuth).
 * Nothing of it is committed; it lives under target/ciers-demo for one run.
 */
public final class DemoCertificates {
    public static final String KEYSTORE_SECRET = "changeit";
    private static final String SIGNATURE = "SHA256withRSA";
    private static final Duration VALIDITY = Duration.ofDays(30);

    private final KeyPair caKeys;
    private final X509Certificate root;
    private final SecureRandom random = new SecureRandom();

    private DemoCertificates(KeyPair caKeys, X509Certificate root) {
        this.caKeys = caKeys;
        this.root = root;
    }

    public static DemoCertificates createAuthority(String name) {
        try {
            KeyPair keys = rsaKeys();
            X500Name subject = new X500Name("CN=" + name);
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new DemoCertificates(keys, sign(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(keys.getPrivate()))));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the demo CA", e);
        }
    }

    public X509Certificate root() {
        return root;
    }

    /** Writes the root as PEM, the form a sending James reads as its trusted CA. */
    public void writeRoot(Path pem) throws IOException {
        try (Writer out = Files.newBufferedWriter(pem, StandardCharsets.US_ASCII); JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(root);
        }
    }

    /** A PKCS#12 keystore holding a new key and its certificate for {@code hostName}, signed by this CA. */
    public void writeServerKeystore(Path keystore, String hostName) throws IOException {
        try {
            KeyPair keys = rsaKeys();
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(root, serial(random),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), new X500Name("CN=" + hostName),
                keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, hostName), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(root));
            X509Certificate certificate = sign(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(caKeys.getPrivate())));

            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("james", keys.getPrivate(), KEYSTORE_SECRET.toCharArray(), new Certificate[] {certificate, root});
            Files.deleteIfExists(keystore);
            try (OutputStream out = Files.newOutputStream(keystore)) {
                store.store(out, KEYSTORE_SECRET.toCharArray());
            }
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot issue a demo certificate for " + hostName, e);
        }
    }

    /** TLS trusting only this CA: how the demo's clients check the servers. */
    public SSLContext clientContext() {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("demo-ca", root);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust the demo CA", e);
        }
    }

    private static KeyPair rsaKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(64, random).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509CertificateHolder holder) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }
}
