package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.model.RegisteredDomain;
import org.junit.jupiter.api.Test;

/** What every {@link DomainStore} twin must do. */
public interface DomainStoreContract extends Fixtures {
    DomainStore domainStore();

    @Test
    default void registeredDomainsAreFoundByNameAndServerId() {
        assertThat(domainStore().register(DOMAIN_A).block()).isTrue();

        assertThat(domainStore().byName(A).block()).isEqualTo(DOMAIN_A);
        assertThat(domainStore().byServerId(A_ID).block()).isEqualTo(DOMAIN_A);
    }

    @Test
    default void unknownDomainsAreEmpty() {
        assertThat(domainStore().byName(C).blockOptional()).isEmpty();
        assertThat(domainStore().byServerId(C_ID).blockOptional()).isEmpty();
    }

    @Test
    default void aNameIsRegisteredOnce() {
        domainStore().register(DOMAIN_A).block();
        RegisteredDomain sameName = new RegisteredDomain(A, ORGANIZATION_ID, C_ID, "x", List.of(), NOW);

        assertThat(domainStore().register(sameName).block()).isFalse();
        assertThat(domainStore().byServerId(C_ID).blockOptional()).isEmpty();
        assertThat(domainStore().byName(A).block()).isEqualTo(DOMAIN_A);
    }

    @Test
    default void aServerIdIsGivenOnce() {
        domainStore().register(DOMAIN_A).block();
        RegisteredDomain sameId = new RegisteredDomain(C, ORGANIZATION_ID, A_ID, "x", List.of(), NOW);

        assertThat(domainStore().register(sameId).block()).isFalse();
        assertThat(domainStore().byName(C).blockOptional()).isEmpty();
    }

    @Test
    default void domainsAreListedAndFoundByOrganization() {
        OrganizationId other = OrganizationId.random();
        RegisteredDomain domainC = new RegisteredDomain(C, other, C_ID, "x", List.of(), NOW);
        domainStore().register(DOMAIN_A).block();
        domainStore().register(DOMAIN_B).block();
        domainStore().register(domainC).block();

        assertThat(domainStore().list().collectList().block()).containsExactlyInAnyOrder(DOMAIN_A, DOMAIN_B, domainC);
        assertThat(domainStore().byOrganization(ORGANIZATION_ID).collectList().block()).containsExactlyInAnyOrder(DOMAIN_A, DOMAIN_B);
    }

    @Test
    default void aRemovedDomainIsGoneByNameServerIdAndOrganization() {
        domainStore().register(DOMAIN_A).block();
        domainStore().register(DOMAIN_B).block();

        assertThat(domainStore().remove(A).block()).isTrue();
        assertThat(domainStore().remove(A).block()).isFalse();
        assertThat(domainStore().byName(A).blockOptional()).isEmpty();
        assertThat(domainStore().byServerId(A_ID).blockOptional()).isEmpty();
        assertThat(domainStore().byOrganization(ORGANIZATION_ID).collectList().block()).containsExactly(DOMAIN_B);
        // the name can be registered again
        assertThat(domainStore().register(DOMAIN_A).block()).isTrue();
    }

    @Test
    default void aSuspendedDomainIsReadSuspendedEverywhereUntilResumed() {
        domainStore().register(DOMAIN_A).block();

        assertThat(domainStore().setSuspended(A, true).block()).isTrue();
        assertThat(domainStore().byName(A).block().suspended()).isTrue();
        assertThat(domainStore().byServerId(A_ID).block().suspended()).isTrue();
        assertThat(domainStore().byOrganization(ORGANIZATION_ID).collectList().block()).containsExactly(DOMAIN_A.withSuspended(true));
        assertThat(domainStore().suspendedServerIds().collectList().block()).containsExactly(A_ID);
        assertThat(domainStore().setSuspended(A, false).block()).isTrue();
        assertThat(domainStore().byServerId(A_ID).block()).isEqualTo(DOMAIN_A);
        assertThat(domainStore().suspendedServerIds().collectList().block()).isEmpty();
    }

    @Test
    default void aRemovedSuspendedDomainIsNoLongerListedAsSuspended() {
        domainStore().register(DOMAIN_A).block();
        domainStore().register(DOMAIN_B).block();
        domainStore().setSuspended(A, true).block();
        domainStore().setSuspended(B, true).block();

        domainStore().remove(A).block();

        assertThat(domainStore().suspendedServerIds().collectList().block()).containsExactly(B_ID);
    }

    @Test
    default void anUnknownDomainIsNeverSuspended() {
        assertThat(domainStore().setSuspended(C, true).block()).isFalse();
        assertThat(domainStore().byName(C).blockOptional()).isEmpty();
    }

    @Test
    default void domainsAreListedByName() {
        RegisteredDomain domainC = new RegisteredDomain(C, OrganizationId.random(), C_ID, "x", List.of(), NOW);
        domainStore().register(domainC).block();
        domainStore().register(DOMAIN_B).block();
        domainStore().register(DOMAIN_A).block();

        assertThat(domainStore().list().collectList().block()).containsExactly(DOMAIN_A, DOMAIN_B, domainC);
        assertThat(domainStore().byOrganization(ORGANIZATION_ID).collectList().block()).containsExactly(DOMAIN_A, DOMAIN_B);
    }
}
