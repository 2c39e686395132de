package org.ciers.authority.model;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

import org.ciers.protocol.model.AuthorityName;

/**
 * An authority this one peers with (spec §7), as its operator configured it: the peer's name (the
 * one its message IDs carry), its base URL (HTTPS only: the peer's key set and the peer routes are
 * fetched there), and whether it is suspended (its IDs refused, nothing forwarded to it).
 */
public record Peer(AuthorityName name, URI baseUrl, boolean suspended) {
    public Peer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (baseUrl.getScheme() == null || !baseUrl.getScheme().toLowerCase(Locale.ROOT).equals("https") || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("a peer's URL is https://host[:port]: " + baseUrl);
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null || baseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("a peer's URL has no user, query or fragment: " + baseUrl);
        }
    }

    public Peer withSuspended(boolean isSuspended) {
        return new Peer(name, baseUrl, isSuspended);
    }
}
