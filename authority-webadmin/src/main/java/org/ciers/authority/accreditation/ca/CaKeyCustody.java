package org.ciers.authority.accreditation.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.model.CaKeys;
import org.ciers.authority.security.AtRestCipher;
import org.ciers.authority.security.SecretGenerator;
import org.ciers.authority.store.CertificateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the root of the authority's certificate authority (Bouncy Castle): a root made at first
 * start and kept in the store, shared by every authority node, its private key encrypted at rest
 * ({@link AtRestCipher}). Read from the store once per process.
 */
@Singleton
public class CaKeyCustody {
    private static final Logger LOGGER = LoggerFactory.getLogger(CaKeyCustody.class);
    private static final Duration ROOT_VALIDITY = Duration.ofDays(3650);
    private static final int SERIAL_BYTES = 16;

    /** The root certificate with its private key, as the issuer signs with them. */
    record CaRoot(X509Certificate certificate, PrivateKey key, String pem) {
    }

    private final CertificateStore store;
    private final SecretGenerator secrets;
    private final Clock clock;
    private final AtRestCipher cipher;
    private volatile CaRoot loaded;

    @Inject
    public CaKeyCustody(CertificateStore store, AtRestCipher cipher, SecretGenerator secrets, Clock clock) {
        this.store = store;
        this.cipher = cipher;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** The root certificate, PEM, for anyone to trust. */
    public String rootPem() {
        return root().pem();
    }

    CaRoot root() {
        CaRoot current = loaded;
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
            KeyPair keys = CaCrypto.rsaKeys();
            Instant now = clock.instant();
            X500Name name = new X500Name("CN=CIERS authority root CA, O=CIERS");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(1, secrets.bytes(SERIAL_BYTES)),
                Date.from(now.minus(CaCrypto.BACKDATING)), Date.from(now.plus(ROOT_VALIDITY)), name, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate root = CaCrypto.sign(builder, keys.getPrivate());
            LOGGER.info("CIERS CA: root created ({})", root.getSubjectX500Principal());
            return new CaKeys(CaCrypto.pem(root), cipher.seal(keys.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the CA root", e);
        }
    }

    private CaRoot load(CaKeys keys) {
        try {
            X509Certificate root = CaCrypto.parseCertificate(keys.rootPem());
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(cipher.open(keys.encryptedPrivateKey())));
            return new CaRoot(root, key, keys.rootPem());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot read the CA key: is " + AuthorityConfiguration.CA_KEY
                + " the key it was made with?", e);
        }
    }
}
