package org.ciers.authority.model;

import java.util.Objects;
import java.util.UUID;

/** The authority's identifier for a registered organization. */
public record OrganizationId(UUID value) {
    public OrganizationId {
        Objects.requireNonNull(value, "organization ID");
    }

    public static OrganizationId random() {
        return new OrganizationId(UUID.randomUUID());
    }

    public static OrganizationId parse(String value) {
        try {
            return new OrganizationId(UUID.fromString(value));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("an organization ID is a UUID");
        }
    }

    public String asString() {
        return value.toString();
    }
}
