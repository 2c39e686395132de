package org.ciers.authority.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An organization's login at the authority (spec §2): pending until both its email address and its
 * phone are confirmed, then active; an operator may suspend it.
 */
public record Account(String username, OrganizationId organization, String passwordHash, Status status, boolean emailConfirmed,
                      boolean phoneConfirmed, Instant createdAt) {
    public enum Status {
        PENDING,
        ACTIVE,
        SUSPENDED
    }

    public Account {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public static Account pending(String username, OrganizationId organization, String passwordHash, Instant createdAt) {
        return new Account(username, organization, passwordHash, Status.PENDING, false, false, createdAt);
    }

    public Account withEmailConfirmed() {
        return new Account(username, organization, passwordHash, activeWhenConfirmed(true, phoneConfirmed), true, phoneConfirmed, createdAt);
    }

    public Account withPhoneConfirmed() {
        return new Account(username, organization, passwordHash, activeWhenConfirmed(emailConfirmed, true), emailConfirmed, true, createdAt);
    }

    public Account withStatus(Status newStatus) {
        return new Account(username, organization, passwordHash, newStatus, emailConfirmed, phoneConfirmed, createdAt);
    }

    private Status activeWhenConfirmed(boolean email, boolean phone) {
        if (status == Status.SUSPENDED) {
            return status;
        }
        return email && phone ? Status.ACTIVE : Status.PENDING;
    }

    @Override
    public String toString() {
        return "Account[" + username + ", " + organization.asString() + ", " + status + "]";
    }
}
