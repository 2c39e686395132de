package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.ciers.authority.model.DomainRequest;
import org.ciers.authority.model.OrganizationId;
import org.junit.jupiter.api.Test;

public interface DomainRequestStoreContract extends Fixtures {
    DomainRequestStore domainRequestStore();

    static DomainRequest request(int n, OrganizationId organization) {
        return new DomainRequest(new UUID(0, n), C, organization, List.of("mx.c.example"), DomainRequest.Proof.CONTACT,
            "admin@c.example", "token" + n, DomainRequest.State.PENDING, NOW.plusSeconds(n), Optional.empty());
    }

    @Test
    default void savedRequestsCanBeRead() {
        DomainRequest request = request(1, ORGANIZATION_ID);
        domainRequestStore().save(request).block();

        assertThat(domainRequestStore().get(request.id()).block()).isEqualTo(request);
        assertThat(domainRequestStore().get(new UUID(9, 9)).blockOptional()).isEmpty();
    }

    @Test
    default void aRequestIsDecidedOnce() {
        DomainRequest request = request(1, ORGANIZATION_ID);
        domainRequestStore().save(request).block();

        assertThat(domainRequestStore().decide(request.id(), DomainRequest.State.APPROVED, NOW.plusSeconds(60)).block()).isTrue();
        assertThat(domainRequestStore().decide(request.id(), DomainRequest.State.REJECTED, NOW.plusSeconds(61)).block()).isFalse();
        assertThat(domainRequestStore().get(request.id()).block())
            .isEqualTo(request.decided(DomainRequest.State.APPROVED, NOW.plusSeconds(60)));
        assertThat(domainRequestStore().decide(new UUID(9, 9), DomainRequest.State.APPROVED, NOW).block()).isFalse();
    }

    @Test
    default void pendingAndOrganizationListings() {
        DomainRequest first = request(1, ORGANIZATION_ID);
        DomainRequest second = request(2, ORGANIZATION_ID);
        DomainRequest elsewhere = request(3, OrganizationId.random());
        domainRequestStore().save(first).block();
        domainRequestStore().save(second).block();
        domainRequestStore().save(elsewhere).block();
        domainRequestStore().decide(second.id(), DomainRequest.State.REJECTED, NOW.plusSeconds(60)).block();

        assertThat(domainRequestStore().pending().collectList().block()).containsExactly(first, elsewhere);
        assertThat(domainRequestStore().byOrganization(ORGANIZATION_ID).map(DomainRequest::id).collectList().block())
            .containsExactly(second.id(), first.id());
    }

    @Test
    default void requestsOfOneInstantComeByIdAsCassandraComparesUuids() {
        DomainRequest lowId = new DomainRequest(new UUID(0x10, 0), C, ORGANIZATION_ID, List.of("mx.c.example"), DomainRequest.Proof.CONTACT,
            "admin@c.example", "low", DomainRequest.State.PENDING, NOW, Optional.empty());
        DomainRequest highId = new DomainRequest(new UUID(0x8000_0000_0000_0000L, 0), C, ORGANIZATION_ID, List.of("mx.c.example"),
            DomainRequest.Proof.CONTACT, "admin@c.example", "high", DomainRequest.State.PENDING, NOW, Optional.empty());
        domainRequestStore().save(highId).block();
        domainRequestStore().save(lowId).block();

        assertThat(domainRequestStore().pending().collectList().block()).containsExactly(lowId, highId);
        assertThat(domainRequestStore().byOrganization(ORGANIZATION_ID).collectList().block()).containsExactly(highId, lowId);
    }
}
