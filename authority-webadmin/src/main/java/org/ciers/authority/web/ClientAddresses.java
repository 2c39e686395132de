package org.ciers.authority.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.authority.AuthorityConfiguration;

import com.google.common.net.InetAddresses;

import spark.Request;

/**
 * The address a request comes from, which the rate limits count by. It is the connection's peer,
 * unless that peer is one of the configured trusted proxies ({@code authority.trusted.proxies});
 * then it is the last address of {@code X-Forwarded-For} that is not a trusted proxy. Anyone can
 * write the header, so it counts only when a proxy we trust wrote its last entries; behind a load
 * balancer without this, every mail server would share the balancer's address.
 *
 * <p>The peer is the TCP connection's, read from Jetty: WebAdmin's Spark puts Jetty's
 * {@code ForwardedRequestCustomizer} on its connector, so {@code request.ip()} is already the
 * header's first entry, whoever wrote it, and a client could pick the address it is counted by.
 */
@Singleton
public class ClientAddresses {
    public static final String FORWARDED_FOR = "X-Forwarded-For";

    private final Set<InetAddress> trustedProxies;

    @Inject
    public ClientAddresses(AuthorityConfiguration configuration) {
        this(configuration.trustedProxies());
    }

    ClientAddresses(List<InetAddress> trustedProxies) {
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    public String of(Request request) {
        // every line of the header, in order: a proxy may add a line of its own after the client's
        List<String> lines = Collections.list(request.raw().getHeaders(FORWARDED_FOR));
        return of(peer(request), lines.isEmpty() ? null : String.join(",", lines));
    }

    private static String peer(Request request) {
        org.eclipse.jetty.server.Request jetty = org.eclipse.jetty.server.Request.getBaseRequest(request.raw());
        InetSocketAddress socket = jetty == null || jetty.getHttpChannel() == null ? null
            : jetty.getHttpChannel().getEndPoint().getRemoteAddress();
        if (socket != null && socket.getAddress() != null) {
            return socket.getAddress().getHostAddress();
        }
        // not served by Jetty: no customizer either
        return request.raw().getRemoteAddr();
    }

    String of(String peer, String forwardedFor) {
        Optional<InetAddress> current = literal(peer);
        if (current.isEmpty() || !trustedProxies.contains(current.get()) || forwardedFor == null) {
            return current.map(InetAddresses::toAddrString).orElse(peer);
        }
        List<String> hops = List.of(forwardedFor.split(","));
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = literal(hops.get(i).trim());
            if (hop.isEmpty()) {
                // not an address: whoever wrote it is the last one we can name
                break;
            }
            current = hop;
            if (!trustedProxies.contains(hop.get())) {
                break;
            }
        }
        return InetAddresses.toAddrString(current.get());
    }

    /** An IP literal only: a host name in a header must never cause a DNS lookup. */
    private static Optional<InetAddress> literal(String text) {
        return text != null && InetAddresses.isInetAddress(text) ? Optional.of(InetAddresses.forString(text)) : Optional.empty();
    }
}
