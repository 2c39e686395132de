package org.ciers.authority.model;

import java.time.Instant;
import java.util.Objects;

/** An organization accountable for the mail domains it registers (spec §2). */
public record Organization(OrganizationId id, String name, String type, String contactName, String address,
                           String country, String email, String phone, Instant createdAt) {
    public Organization {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(contactName, "contactName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
