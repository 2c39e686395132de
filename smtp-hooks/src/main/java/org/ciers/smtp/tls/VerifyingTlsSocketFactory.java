package org.ciers.smtp.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Upgrades the SMTP connection for STARTTLS and has the JDK check, during the handshake, that the
 * recipient's certificate chains to a trusted CA and names the host connected to (DNS or IP
 * subject alternative name), as HTTPS clients do.
 */
public final class VerifyingTlsSocketFactory extends SSLSocketFactory {
    private static final String HOST_NAME_CHECK = "HTTPS";

    /** The subject alternative name type of a DNS name (RFC 5280). */
    private static final int DNS_NAME = 2;

    private final SSLSocketFactory delegate;
    /** The TLS socket this thread made last: javax.mail upgrades and uses a connection on one thread. */
    private final ThreadLocal<SSLSocket> lastOnThisThread = new ThreadLocal<>();

    public VerifyingTlsSocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    /**
     * Whether the certificate of the TLS connection this thread opened last (its handshake done)
     * names one of {@code hostNames} as a DNS subject alternative name, exactly or by a wildcard of
     * one label; false when there is none.
     */
    public boolean lastPeerNamesOneOf(List<String> hostNames) {
        SSLSocket socket = lastOnThisThread.get();
        if (socket == null) {
            return false;
        }
        try {
            Certificate[] chain = socket.getSession().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate) || certificate.getSubjectAlternativeNames() == null) {
                return false;
            }
            for (List<?> name : certificate.getSubjectAlternativeNames()) {
                if (name.size() == 2 && Integer.valueOf(DNS_NAME).equals(name.get(0)) && name.get(1) instanceof String dnsName
                    && hostNames.stream().anyMatch(host -> names(dnsName, host))) {
                    return true;
                }
            }
            return false;
        } catch (SSLPeerUnverifiedException | CertificateParsingException e) {
            return false;
        }
    }

    private static boolean names(String certified, String host) {
        String pattern = certified.toLowerCase(Locale.ROOT);
        String name = host.toLowerCase(Locale.ROOT);
        if (pattern.startsWith("*.")) {
            int dot = name.indexOf('.');
            return dot > 0 && name.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(name);
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return verifying(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return verifying(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return verifying(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return verifying(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return verifying(delegate.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    private Socket verifying(Socket socket) {
        if (socket instanceof SSLSocket tls) {
            lastOnThisThread.set(tls);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm(HOST_NAME_CHECK);
            tls.setSSLParameters(parameters);
        }
        return socket;
    }
}
