package org.ciers.authority.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.ciers.protocol.SettableClock;
import org.ciers.protocol.model.DomainName;
import org.junit.jupiter.api.Test;

class TouchedDomainsTest {
    static final DomainName A = DomainName.of("a.example");
    static final DomainName B = DomainName.of("b.example");

    final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T10:00:00Z"));
    final TouchedDomains touched = new TouchedDomains(clock);

    @Test
    void aDomainStaysUntilItsFiguresAreTakenTheSettlingTimeAfterItsLastEvent() {
        touched.touch(A);
        touched.touch(B);

        clock.advance(Duration.ofMinutes(1));
        touched.taken(A, clock.millis());
        assertThat(touched.recent()).containsExactlyInAnyOrder(A, B);

        clock.advance(TouchedDomains.SETTLE);
        touched.taken(A, clock.millis());
        assertThat(touched.recent()).containsExactly(B);
    }

    @Test
    void figuresTakenLateStillKeepTheDomainUntilTakenOnceSettled() {
        touched.touch(A);
        // the analytics thread was busy for ten minutes: the domain is still there to be taken
        clock.advance(Duration.ofMinutes(10));
        assertThat(touched.recent()).containsExactly(A);

        touched.taken(A, clock.millis());
        assertThat(touched.recent()).isEmpty();
    }

    @Test
    void aTouchAfterTheFiguresWereReadKeepsTheDomain() {
        touched.touch(A);
        clock.advance(TouchedDomains.SETTLE);
        long readAt = clock.millis();
        clock.advance(Duration.ofSeconds(5));
        touched.touch(A);

        touched.taken(A, readAt);

        assertThat(touched.recent()).containsExactly(A);
    }
}
