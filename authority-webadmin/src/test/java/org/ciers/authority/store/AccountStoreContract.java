package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.ciers.authority.model.Account;
import org.ciers.authority.model.OrganizationId;
import org.junit.jupiter.api.Test;

public interface AccountStoreContract extends Fixtures {
    AccountStore accountStore();

    Account ANN = Account.pending("ann", ORGANIZATION_ID, "pbkdf2-sha256$1$c2FsdA$aGFzaA", NOW);

    @Test
    default void createdAccountsCanBeRead() {
        assertThat(accountStore().create(ANN).block()).isTrue();

        assertThat(accountStore().get("ann").block()).isEqualTo(ANN);
        assertThat(accountStore().get("bob").blockOptional()).isEmpty();
    }

    @Test
    default void aUsernameIsTakenOnce() {
        accountStore().create(ANN).block();
        Account other = Account.pending("ann", OrganizationId.random(), "other", NOW);

        assertThat(accountStore().create(other).block()).isFalse();
        assertThat(accountStore().get("ann").block()).isEqualTo(ANN);
    }

    @Test
    default void updatesKeepConfirmationsAndStatus() {
        accountStore().create(ANN).block();
        Account confirmed = ANN.withEmailConfirmed().withPhoneConfirmed();
        accountStore().update(confirmed).block();

        assertThat(accountStore().get("ann").block()).isEqualTo(confirmed);
        assertThat(confirmed.status()).isEqualTo(Account.Status.ACTIVE);
    }

    @Test
    default void accountsAreListedByOrganization() {
        accountStore().create(ANN).block();
        Account elsewhere = Account.pending("zed", OrganizationId.random(), "h", NOW);
        accountStore().create(elsewhere).block();

        assertThat(accountStore().byOrganization(ORGANIZATION_ID).collectList().block()).containsExactly(ANN);
    }

    @Test
    default void anOrganizationsAccountsComeByUsername() {
        Account zed = Account.pending("zed", ORGANIZATION_ID, "h", NOW);
        Account bob = Account.pending("bob", ORGANIZATION_ID, "h", NOW);
        // by the bytes of the name: upper case before lower case
        Account zoe = Account.pending("Zoe", ORGANIZATION_ID, "h", NOW);
        accountStore().create(zed).block();
        accountStore().create(ANN).block();
        accountStore().create(zoe).block();
        accountStore().create(bob).block();

        assertThat(accountStore().byOrganization(ORGANIZATION_ID).collectList().block()).containsExactly(zoe, ANN, bob, zed);
    }
}
