package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.ciers.authority.model.ForwardedItem;
import org.ciers.authority.model.ForwardingRecord;
import org.ciers.authority.model.QueuedItem;
import org.ciers.protocol.model.AuthorityName;
import org.junit.jupiter.api.Test;

public interface PeerOutboxStoreContract extends Fixtures {
    AuthorityName PEER_A = AuthorityName.of("ciers-a");
    AuthorityName PEER_C = AuthorityName.of("ciers-c");

    PeerOutboxStore peerOutboxStore();

    static ForwardedItem receipt(int n) {
        return ForwardedItem.receipt(Fixtures.messageId(n), B, NOW.plusSeconds(n));
    }

    static ForwardedItem spam(int n) {
        return ForwardedItem.verdict(true, Fixtures.messageId(n), A_ID, B, NOW.plusSeconds(n));
    }

    private List<ForwardedItem> pendingItems(AuthorityName peer, int limit) {
        return peerOutboxStore().pending(peer, limit).map(QueuedItem::item).collectList().block();
    }

    @Test
    default void itemsWaitInTheOrderTheyCameAcrossAdditions() {
        peerOutboxStore().add(PEER_A, List.of(receipt(3), spam(1))).block();
        peerOutboxStore().add(PEER_A, List.of(receipt(2))).block();

        assertThat(pendingItems(PEER_A, 10)).containsExactly(receipt(3), spam(1), receipt(2));
        assertThat(peerOutboxStore().countPending(PEER_A).block()).isEqualTo(3);
    }

    @Test
    default void eachPeerHasItsOwnOutbox() {
        peerOutboxStore().add(PEER_A, List.of(receipt(1))).block();
        peerOutboxStore().add(PEER_C, List.of(receipt(2))).block();

        assertThat(pendingItems(PEER_A, 10)).containsExactly(receipt(1));
        assertThat(pendingItems(PEER_C, 10)).containsExactly(receipt(2));
    }

    @Test
    default void aBatchIsTheOldestItemsUpToItsLimit() {
        peerOutboxStore().add(PEER_A, IntStream.range(0, 120).mapToObj(PeerOutboxStoreContract::receipt).toList()).block();

        assertThat(pendingItems(PEER_A, 50)).containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(PeerOutboxStoreContract::receipt).toList());
    }

    @Test
    default void forwardedItemsStopWaitingAndBecomeTheRecordWithTheirOutcome() {
        peerOutboxStore().add(PEER_A, List.of(receipt(1), spam(1), receipt(2))).block();
        List<QueuedItem> firstTwo = peerOutboxStore().pending(PEER_A, 2).collectList().block();

        peerOutboxStore().forwarded(PEER_A, firstTwo, List.of("counted", "accepted"), NOW.plusSeconds(60)).block();

        assertThat(pendingItems(PEER_A, 10)).containsExactly(receipt(2));
        assertThat(peerOutboxStore().countPending(PEER_A).block()).isEqualTo(1);
        assertThat(peerOutboxStore().history(Fixtures.messageId(1)).collectList().block()).containsExactly(
            new ForwardingRecord(PEER_A, receipt(1), NOW.plusSeconds(60), "counted"),
            new ForwardingRecord(PEER_A, spam(1), NOW.plusSeconds(60), "accepted"));
        assertThat(peerOutboxStore().history(Fixtures.messageId(2)).collectList().block()).isEmpty();
    }

    /** A batch whose answer was lost is forwarded and recorded again: one record, nothing waiting. */
    @Test
    default void recordingTheSameForwardedItemsTwiceKeepsOneRecord() {
        peerOutboxStore().add(PEER_A, List.of(receipt(1))).block();
        List<QueuedItem> batch = peerOutboxStore().pending(PEER_A, 10).collectList().block();

        peerOutboxStore().forwarded(PEER_A, batch, List.of("counted"), NOW).block();
        peerOutboxStore().forwarded(PEER_A, batch, List.of("duplicate"), NOW).block();

        assertThat(peerOutboxStore().history(Fixtures.messageId(1)).collectList().block()).hasSize(1);
        assertThat(peerOutboxStore().countPending(PEER_A).block()).isZero();
    }

    @Test
    default void nothingWaitsForAPeerNeverQueuedFor() {
        assertThat(pendingItems(PEER_A, 10)).isEmpty();
        assertThat(peerOutboxStore().countPending(PEER_A).block()).isZero();
    }
}
