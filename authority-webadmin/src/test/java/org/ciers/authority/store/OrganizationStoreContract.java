package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.ciers.authority.model.Organization;
import org.ciers.authority.model.OrganizationId;
import org.junit.jupiter.api.Test;

/** What every {@link OrganizationStore} twin must do. */
public interface OrganizationStoreContract extends Fixtures {
    OrganizationStore organizationStore();

    @Test
    default void savedOrganizationsCanBeRead() {
        organizationStore().save(ORGANIZATION).block();

        assertThat(organizationStore().get(ORGANIZATION_ID).block()).isEqualTo(ORGANIZATION);
    }

    @Test
    default void unknownOrganizationsAreEmpty() {
        assertThat(organizationStore().get(OrganizationId.random()).blockOptional()).isEmpty();
    }

    @Test
    default void listShowsEveryOrganization() {
        Organization other = new Organization(OrganizationId.random(), "Example B", "school", "Bob", "2 Side St",
            "DE", "bob@b.example", "+4930123456", NOW.plusSeconds(1));
        organizationStore().save(ORGANIZATION).block();
        organizationStore().save(other).block();

        assertThat(organizationStore().list().collectList().block()).containsExactlyInAnyOrder(ORGANIZATION, other);
    }

    @Test
    default void listShowsOrganizationsOldestFirst() {
        Organization later = organization(new UUID(0, 7), NOW.plusSeconds(60));
        // one instant: by ID as Cassandra compares uuids (unsigned), not as UUID.compareTo does (signed)
        Organization highId = organization(new UUID(0x8000_0000_0000_0000L, 0), NOW.plusSeconds(30));
        Organization lowId = organization(new UUID(0x10, 0), NOW.plusSeconds(30));
        organizationStore().save(later).block();
        organizationStore().save(highId).block();
        organizationStore().save(ORGANIZATION).block();
        organizationStore().save(lowId).block();

        assertThat(organizationStore().list().collectList().block()).containsExactly(ORGANIZATION, lowId, highId, later);
    }

    private static Organization organization(UUID id, Instant createdAt) {
        return new Organization(new OrganizationId(id), "Example " + id, "company", "Carol", "3 Road", "IT", "carol@c.example",
            "+39061234567", createdAt);
    }
}
