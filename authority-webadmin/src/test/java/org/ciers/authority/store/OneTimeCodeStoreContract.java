package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.ciers.authority.model.OneTimeCode;
import org.junit.jupiter.api.Test;

public interface OneTimeCodeStoreContract extends Fixtures {
    OneTimeCodeStore oneTimeCodeStore();

    OneTimeCode EMAIL_CODE = new OneTimeCode(OneTimeCode.Purpose.EMAIL, "ann", "hash-one", NOW.plusSeconds(600));

    @Test
    default void aCodeWorksOnce() {
        oneTimeCodeStore().put(EMAIL_CODE).block();

        assertThat(oneTimeCodeStore().consume(OneTimeCode.Purpose.EMAIL, "ann", "hash-one", NOW).block()).isTrue();
        assertThat(oneTimeCodeStore().consume(OneTimeCode.Purpose.EMAIL, "ann", "hash-one", NOW).block()).isFalse();
    }

    @Test
    default void aWrongExpiredOrOtherPurposeCodeDoesNotWork() {
        oneTimeCodeStore().put(EMAIL_CODE).block();

        assertThat(oneTimeCodeStore().consume(OneTimeCode.Purpose.EMAIL, "ann", "hash-two", NOW).block()).isFalse();
        assertThat(oneTimeCodeStore().consume(OneTimeCode.Purpose.PHONE, "ann", "hash-one", NOW).block()).isFalse();
        assertThat(oneTimeCodeStore().consume(OneTimeCode.Purpose.EMAIL, "bob", "hash-one", NOW).block()).isFalse();
        assertThat(oneTimeCodeStore().consume(OneTimeCode.Purpose.EMAIL, "ann", "hash-one", NOW.plusSeconds(600)).block()).isFalse();
    }

    @Test
    default void aNewCodeReplacesTheLast() {
        oneTimeCodeStore().put(EMAIL_CODE).block();
        oneTimeCodeStore().put(new OneTimeCode(OneTimeCode.Purpose.EMAIL, "ann", "hash-two", NOW.plusSeconds(600))).block();

        assertThat(oneTimeCodeStore().consume(OneTimeCode.Purpose.EMAIL, "ann", "hash-one", NOW).block()).isFalse();
        assertThat(oneTimeCodeStore().consume(OneTimeCode.Purpose.EMAIL, "ann", "hash-two", NOW).block()).isTrue();
    }

    @Test
    default void concurrentUsesOfOneCodeHaveOneWinner() throws Exception {
        oneTimeCodeStore().put(EMAIL_CODE).block();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> attempts = IntStream.range(0, 16)
                .<Callable<Boolean>>mapToObj(i -> () -> oneTimeCodeStore().consume(OneTimeCode.Purpose.EMAIL, "ann", "hash-one", NOW).block())
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
}
