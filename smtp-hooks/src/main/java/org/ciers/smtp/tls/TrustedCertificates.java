package org.ciers.smtp.tls;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.apache.james.filesystem.api.FileSystem;

/**
 * Whom this server trusts for the STARTTLS of the servers it connects to (the sending side
 * delivering, the SIRP puller pulling): the JVM's trust store (public CAs, so ordinary mail keeps
 * working) and, when configured, the CA certificates of a PEM file (the authority's CA).
 */
public final class TrustedCertificates {
    private TrustedCertificates() {
    }

    public static SSLContext tlsContext(Optional<String> pemLocation, FileSystem fileSystem) throws IOException, GeneralSecurityException {
        List<X509TrustManager> managers = new ArrayList<>();
        if (pemLocation.isPresent()) {
            managers.add(trustManager(trustStore(pemLocation.get(), fileSystem)));
        }
        managers.add(trustManager(null));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new AnyOf(managers)}, null);
        return context;
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    private static KeyStore trustStore(String location, FileSystem fileSystem) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream pem = fileSystem.getResource(location)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(pem);
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + location);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int index = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ciers-ca-" + index++, certificate);
        }
        return store;
    }

    /** A server's chain is trusted when one of the trust managers accepts it. */
    private static final class AnyOf implements X509TrustManager {
        private final List<X509TrustManager> managers;

        AnyOf(List<X509TrustManager> managers) {
            this.managers = List.copyOf(managers);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            CertificateException refused = null;
            for (X509TrustManager manager : managers) {
                try {
                    manager.checkServerTrusted(chain, authType);
                    return;
                } catch (CertificateException e) {
                    refused = e;
                }
            }
            throw refused;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this server verifies the servers it connects to, never clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return managers.stream().flatMap(manager -> Arrays.stream(manager.getAcceptedIssuers()))
                .toArray(X509Certificate[]::new);
        }
    }
}
