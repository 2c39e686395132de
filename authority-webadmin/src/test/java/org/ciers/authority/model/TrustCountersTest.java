package org.ciers.authority.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.ciers.protocol.model.TrustValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrustCountersTest {
    @Test
    void fullTrustWhileNothingWasSent() {
        assertThat(TrustCounters.ZERO.trustValue()).isEqualTo(TrustValue.FULL);
    }

    @ParameterizedTest(name = "{0} sent, {1} standing, {2} refuted -> {3}")
    @CsvSource({
        "1, 0, 0, 20",
        "4, 1, 0, 15",
        "8, 1, 0, 17.5",
        "8, 0, 1, 19.38",   // 20 - 5/8 = 19.375, half-up
        "8, 1, 1, 16.88",   // 20 - 20/8 - 5/8 = 16.875
        "3, 1, 0, 13.33",
        "2, 2, 0, 0",
        "1, 5, 0, 0",       // clamped
        "100, 3, 2, 19.3"})
    void followsTheFormula(long sent, long standing, long refuted, String expected) {
        assertThat(new TrustCounters(sent, standing, refuted).trustValue()).isEqualTo(TrustValue.parse(expected));
    }

    @Test
    void refutationMovesAReportFromStandingToRefuted() {
        TrustCounters counters = new TrustCounters(10, 0, 0).plus(TrustCounters.ONE_REPORT).plus(TrustCounters.ONE_REFUTATION);
        assertThat(counters).isEqualTo(new TrustCounters(10, 0, 1));
    }
}
