package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    static Transmission validated(Transmission transmission, int secondsAfterIssue) {
        return transmission.validated(Transmission.Validation.of(transmission.issuedAt().plusSeconds(secondsAfterIssue), TOKEN));
    }

    @Test
    default void aRecordedValidationCanBeRead() {
        Transmission transmission = validated(Fixtures.transmission(1, A, B), 5);

        assertThat(transmissionStore().recordValidation(transmission).block()).isTrue();
        assertThat(transmissionStore().get(transmission.messageId()).block()).isEqualTo(transmission);
    }

    @Test
    default void onlyAValidatedTransmissionIsRecorded() {
        assertThatThrownBy(() -> transmissionStore().recordValidation(Fixtures.transmission(1, A, B)).block())
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(transmissionStore().get(Fixtures.messageId(1)).blockOptional()).isEmpty();
    }

    @Test
    default void unvalidatedMessageIdsAreEmpty() {
        assertThat(transmissionStore().get(Fixtures.messageId(404)).blockOptional()).isEmpty();
    }

    @Test
    default void aValidationKeepsTheReportTokensHashNotTheToken() {
        Transmission transmission = validated(Fixtures.transmission(1, A, B), 0);
        transmissionStore().recordValidation(transmission).block();

        Transmission.Validation stored = transmissionStore().get(transmission.messageId()).block().validation().orElseThrow();
        assertThat(stored.reportTokenHash()).doesNotContain(TOKEN.reveal());
        assertThat(stored.acceptsReportToken(TOKEN)).isTrue();
        assertThat(stored.acceptsReportToken(ReportToken.of(TOKEN.reveal() + "x"))).isFalse();
    }

    @Test
    default void aTransmissionIsValidatedOnce() {
        Transmission first = validated(Fixtures.transmission(1, A, B), 5);
        transmissionStore().recordValidation(first).block();

        Transmission second = validated(Fixtures.transmission(1, A, B), 6);
        assertThat(transmissionStore().recordValidation(second).block()).isFalse();
        assertThat(transmissionStore().get(first.messageId()).block()).isEqualTo(first);
        assertThat(transmissionStore().listBySender(A).collectList().block()).containsExactly(first);
    }

    @Test
    default void concurrentValidationsOfOneIdHaveOneWinner() throws Exception {
        Transmission transmission = Fixtures.transmission(1, A, B);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> attempts = IntStream.range(0, 32)
                .<Callable<Boolean>>mapToObj(i -> () -> transmissionStore().recordValidation(validated(transmission, i)).block())
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
        Transmission first = validated(Fixtures.transmission(1, A, B), 1);
        Transmission second = validated(Fixtures.transmission(2, A, C), 1);
        Transmission fromB = validated(Fixtures.transmission(3, B, A), 1);
        transmissionStore().recordValidation(first).block();
        transmissionStore().recordValidation(second).block();
        transmissionStore().recordValidation(fromB).block();

        assertThat(transmissionStore().listBySender(A).collectList().block()).containsExactly(second, first);
        assertThat(transmissionStore().listBySender(C).collectList().block()).isEmpty();
    }

    @Test
    default void transmissionsOfOneInstantComeByMessageIdNewestFirst() {
        Transmission earlier = validated(Transmission.issued(Fixtures.messageId(3), A_ID, A, B, NOW.minusSeconds(1), NOW.plusSeconds(3600)), 1);
        Transmission one = validated(Transmission.issued(Fixtures.messageId(1), A_ID, A, B, NOW, NOW.plusSeconds(3600)), 1);
        Transmission two = validated(Transmission.issued(Fixtures.messageId(2), A_ID, A, B, NOW, NOW.plusSeconds(3600)), 1);
        Transmission later = validated(Transmission.issued(Fixtures.messageId(0), A_ID, A, B, NOW.plusMillis(1), NOW.plusSeconds(3600)), 1);
        transmissionStore().recordValidation(one).block();
        transmissionStore().recordValidation(later).block();
        transmissionStore().recordValidation(earlier).block();
        transmissionStore().recordValidation(two).block();

        assertThat(transmissionStore().listBySender(A).collectList().block()).containsExactly(later, two, one, earlier);
    }
}
