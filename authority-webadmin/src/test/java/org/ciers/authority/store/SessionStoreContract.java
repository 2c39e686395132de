package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

public interface SessionStoreContract extends Fixtures {
    SessionStore sessionStore();

    @Test
    default void anOpenSessionNamesItsUserUntilItExpires() {
        sessionStore().open("token-hash", "ann", NOW.plusSeconds(3600)).block();

        assertThat(sessionStore().username("token-hash", NOW).block()).isEqualTo("ann");
        assertThat(sessionStore().username("token-hash", NOW.plusSeconds(3600)).blockOptional()).isEmpty();
        assertThat(sessionStore().username("other-hash", NOW).blockOptional()).isEmpty();
    }

    @Test
    default void aClosedSessionIsGone() {
        sessionStore().open("token-hash", "ann", NOW.plusSeconds(3600)).block();
        sessionStore().close("token-hash").block();

        assertThat(sessionStore().username("token-hash", NOW).blockOptional()).isEmpty();
    }
}
