package org.ciers.authority.accreditation;

import java.time.Instant;

/** A portal login: the bearer token (kept by the authority only as a hash), its user, its end. */
public record PortalSession(String token, String username, Instant expiresAt) {
    @Override
    public String toString() {
        return "PortalSession[" + username + "]";
    }
}
