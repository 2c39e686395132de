package org.ciers.authority.web;

import java.time.Instant;

import org.ciers.authority.accreditation.PortalSession;

/** A portal session just opened: the bearer token, given this once. */
public record SessionDto(String token, String username, Instant expiresAt) {
    public static SessionDto of(PortalSession session) {
        return new SessionDto(session.token(), session.username(), session.expiresAt());
    }

    @Override
    public String toString() {
        return "SessionDto[" + username + "]";
    }
}
