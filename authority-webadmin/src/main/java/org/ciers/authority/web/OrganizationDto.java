package org.ciers.authority.web;

import java.time.Instant;

import org.ciers.authority.model.Organization;

/** An organization as the operator and the portal show it. */
public record OrganizationDto(String id, String name, String type, String contactName, String address, String country,
                              String email, String phone, Instant createdAt) {
    public static OrganizationDto of(Organization organization) {
        return new OrganizationDto(organization.id().asString(), organization.name(), organization.type(),
            organization.contactName(), organization.address(), organization.country(), organization.email(),
            organization.phone(), organization.createdAt());
    }
}
