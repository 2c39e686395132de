package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.ciers.authority.model.Transmission;
import org.ciers.protocol.model.ReportToken;
import org.junit.jupiter.api.Test;

/** What every {@link TransmissionStore} twin must do. */
public interface TransmissionStoreContract extends Fixtures {
    TransmissionStore transmissionStore();

    @Test
    default void issuedTransmissionsCanBeRead() {
        Transmission transmission = Fixtures.transmission(1, A, B);
        transmissionStore().issue(transmission).block();

        assertThat(transmissionStore().get(transmission.messageId()).block()).isEqualTo(transmission);
    }

    @Test
    default void transmissionsIssuedTogetherAreEachLoggedAndListed() {
        // one auth_to_send with a count: the same issue instant, two recipient domains
        List<Transmission> together = List.of(1, 2, 3).stream()
            .map(n -> Transmission.issued(Fixtures.messageId(n), A_ID, A, n == 2 ? C : B, NOW, NOW.plusSeconds(3600)))
            .toList();

        transmissionStore().issueAll(together).block();

        assertThat(together).allSatisfy(transmission -> assertThat(transmissionStore().get(transmission.messageId()).block())
            .isEqualTo(transmission));
        assertThat(transmissionStore().listBySender(A).collectList().block())
            .containsExactlyElementsOf(together.stream().sorted(TransmissionStore.NEWEST_FIRST).toList());
    }

    @Test
    default void unknownMessageIdsAreEmpty() {
        assertThat(transmissionStore().get(Fixtures.messageId(404)).blockOptional()).isEmpty();
    }

    @Test
    default void markValidatedRecordsTheMatch() {
        Transmission transmission = Fixtures.transmission(1, A, B);
        transmissionStore().issue(transmission).block();
        Transmission.Validation validation = Transmission.Validation.of(NOW.plusSeconds(5), TOKEN);

        assertThat(transmissionStore().markValidated(transmission.messageId(), validation).block()).isTrue();
        assertThat(transmissionStore().get(transmission.messageId()).block().validation()).contains(validation);
    }

    @Test
    default void aValidationKeepsTheReportTokensHashNotTheToken() {
        Transmission transmission = Fixtures.transmission(1, A, B);
        transmissionStore().issue(transmission).block();
        transmissionStore().markValidated(transmission.messageId(), Transmission.Validation.of(NOW, TOKEN)).block();

        Transmission.Validation stored = transmissionStore().get(transmission.messageId()).block().validation().orElseThrow();
        assertThat(stored.reportTokenHash()).doesNotContain(TOKEN.reveal());
        assertThat(stored.acceptsReportToken(TOKEN)).isTrue();
        assertThat(stored.acceptsReportToken(ReportToken.of(TOKEN.reveal() + "x"))).isFalse();
    }

    @Test
    default void aTransmissionIsValidatedOnce() {
        Transmission transmission = Fixtures.transmission(1, A, B);
        transmissionStore().issue(transmission).block();
        Transmission.Validation first = Transmission.Validation.of(NOW.plusSeconds(5), TOKEN);
        transmissionStore().markValidated(transmission.messageId(), first).block();

        Transmission.Validation second = Transmission.Validation.of(NOW.plusSeconds(6), TOKEN);
        assertThat(transmissionStore().markValidated(transmission.messageId(), second).block()).isFalse();
        assertThat(transmissionStore().get(transmission.messageId()).block().validation()).contains(first);
    }

    @Test
    default void anUnknownTransmissionIsNeverValidated() {
        Transmission.Validation validation = Transmission.Validation.of(NOW, TOKEN);

        assertThat(transmissionStore().markValidated(Fixtures.messageId(404), validation).block()).isFalse();
        assertThat(transmissionStore().get(Fixtures.messageId(404)).blockOptional()).isEmpty();
    }

    @Test
    default void concurrentValidationsOfOneIdHaveOneWinner() throws Exception {
        Transmission transmission = Fixtures.transmission(1, A, B);
        transmissionStore().issue(transmission).block();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> attempts = IntStream.range(0, 32)
                .<Callable<Boolean>>mapToObj(i -> () -> transmissionStore()
                    .markValidated(transmission.messageId(), Transmission.Validation.of(NOW.plusSeconds(i), TOKEN)).block())
                .toList();
            long winners = 0;
            for (Future<Boolean> result : pool.invokeAll(attempts)) {
                winners += result.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void transmissionsAreListedBySenderNewestFirst() {
        Transmission first = Fixtures.transmission(1, A, B);
        Transmission second = Fixtures.transmission(2, A, C);
        Transmission fromB = Fixtures.transmission(3, B, A);
        transmissionStore().issue(first).block();
        transmissionStore().issue(second).block();
        transmissionStore().issue(fromB).block();

        assertThat(transmissionStore().listBySender(A).collectList().block()).containsExactly(second, first);
        assertThat(transmissionStore().listBySender(C).collectList().block()).isEmpty();
    }

    @Test
    default void transmissionsOfOneInstantComeByMessageIdNewestFirst() {
        Transmission earlier = Transmission.issued(Fixtures.messageId(3), A_ID, A, B, NOW.minusSeconds(1), NOW.plusSeconds(3600));
        Transmission one = Transmission.issued(Fixtures.messageId(1), A_ID, A, B, NOW, NOW.plusSeconds(3600));
        Transmission two = Transmission.issued(Fixtures.messageId(2), A_ID, A, B, NOW, NOW.plusSeconds(3600));
        Transmission later = Transmission.issued(Fixtures.messageId(0), A_ID, A, B, NOW.plusMillis(1), NOW.plusSeconds(3600));
        transmissionStore().issue(one).block();
        transmissionStore().issue(later).block();
        transmissionStore().issue(earlier).block();
        transmissionStore().issue(two).block();

        assertThat(transmissionStore().listBySender(A).collectList().block()).containsExactly(later, two, one, earlier);
    }
}
