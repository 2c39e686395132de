package org.ciers.authority.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of the authority's own HTTPS clients (to its peers, to its analytics index):
 * trusting the CA certificates of a PEM file the operator names, or the JVM's public CAs when none.
 */
public final class TrustedCas {
    private TrustedCas() {
    }

    /** @param key the setting that named the file, for the error message */
    public static SSLContext sslContext(Optional<Path> caPem, String key) {
        try {
            if (caPem.isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            try (InputStream pem = Files.newInputStream(caPem.get())) {
                int i = 0;
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                    trusted.setCertificateEntry("ca-" + i++, certificate);
                }
                if (i == 0) {
                    throw new IllegalArgumentException(key + ": no certificate in " + caPem.get());
                }
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(key + ": cannot read " + caPem.orElse(null) + ": " + e.getMessage(), e);
        }
    }
}
