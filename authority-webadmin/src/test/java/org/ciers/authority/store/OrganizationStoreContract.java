package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;

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
}
