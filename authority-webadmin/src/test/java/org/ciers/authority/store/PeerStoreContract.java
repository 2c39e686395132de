package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.ciers.authority.model.Peer;
import org.ciers.protocol.model.AuthorityName;
import org.junit.jupiter.api.Test;

public interface PeerStoreContract extends Fixtures {
    AuthorityName PEER_A = AuthorityName.of("ciers-a");
    AuthorityName PEER_B = AuthorityName.of("ciers-b");
    URI URL_A = URI.create("https://authority.a.example");
    URI URL_B = URI.create("https://authority.b.example:8443");

    PeerStore peerStore();

    @Test
    default void peersAreListedInNameOrder() {
        peerStore().put(PEER_B, URL_B).block();
        peerStore().put(PEER_A, URL_A).block();

        assertThat(peerStore().list().collectList().block()).containsExactly(new Peer(PEER_A, URL_A, false), new Peer(PEER_B, URL_B, false));
    }

    @Test
    default void aSuspendedPeerStaysSuspendedWhenItsUrlChanges() {
        peerStore().put(PEER_A, URL_A).block();

        assertThat(peerStore().setSuspended(PEER_A, true).block()).isTrue();
        peerStore().put(PEER_A, URL_B).block();

        assertThat(peerStore().list().collectList().block()).containsExactly(new Peer(PEER_A, URL_B, true));
    }

    @Test
    default void aResumedPeerIsActiveAgain() {
        peerStore().put(PEER_A, URL_A).block();
        peerStore().setSuspended(PEER_A, true).block();

        assertThat(peerStore().setSuspended(PEER_A, false).block()).isTrue();

        assertThat(peerStore().list().collectList().block()).containsExactly(new Peer(PEER_A, URL_A, false));
    }

    @Test
    default void aKeptKeySetIsReadBackAndReplacedByTheNextOne() {
        peerStore().put(PEER_A, URL_A).block();
        assertThat(peerStore().keySet(PEER_A).blockOptional()).isEmpty();

        peerStore().keepKeySet(PEER_A, new byte[] {1, 2, 3}).block();
        peerStore().keepKeySet(PEER_A, new byte[] {4, 5}).block();

        assertThat(peerStore().keySet(PEER_A).block()).containsExactly(4, 5);
        assertThat(peerStore().list().collectList().block()).containsExactly(new Peer(PEER_A, URL_A, false));
    }

    @Test
    default void anUnknownPeerCannotBeSuspended() {
        assertThat(peerStore().setSuspended(PEER_A, true).block()).isFalse();
        assertThat(peerStore().list().collectList().block()).isEmpty();
    }
}
