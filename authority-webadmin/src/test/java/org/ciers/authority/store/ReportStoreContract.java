package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.ciers.authority.model.ReportState;
import org.ciers.authority.model.SpamReport;
import org.junit.jupiter.api.Test;

/** What every {@link ReportStore} twin must do. */
public interface ReportStoreContract extends Fixtures {
    ReportStore reportStore();

    @Test
    default void filedReportsCanBeRead() {
        SpamReport report = SpamReport.standing(Fixtures.transmission(1, A, B), NOW.plusSeconds(60));

        assertThat(reportStore().file(report).block()).isTrue();
        assertThat(reportStore().get(report.messageId()).block()).isEqualTo(report);
    }

    @Test
    default void aMessageHasAtMostOneReport() {
        SpamReport report = SpamReport.standing(Fixtures.transmission(1, A, B), NOW.plusSeconds(60));
        reportStore().file(report).block();
        SpamReport again = SpamReport.standing(Fixtures.transmission(1, A, B), NOW.plusSeconds(120));

        assertThat(reportStore().file(again).block()).isFalse();
        assertThat(reportStore().get(report.messageId()).block()).isEqualTo(report);
    }

    @Test
    default void aStandingReportCanBeRefutedOnce() {
        SpamReport report = SpamReport.standing(Fixtures.transmission(1, A, B), NOW.plusSeconds(60));
        reportStore().file(report).block();

        assertThat(reportStore().changeState(report.messageId(), ReportState.STANDING, ReportState.REFUTED, NOW.plusSeconds(90)).block()).isTrue();
        assertThat(reportStore().changeState(report.messageId(), ReportState.STANDING, ReportState.REFUTED, NOW.plusSeconds(95)).block()).isFalse();
        assertThat(reportStore().get(report.messageId()).block())
            .isEqualTo(report.withState(ReportState.REFUTED, NOW.plusSeconds(90)));
    }

    @Test
    default void changingTheStateOfAMissingReportChangesNothing() {
        assertThat(reportStore().changeState(Fixtures.messageId(404), ReportState.STANDING, ReportState.REFUTED, NOW).block()).isFalse();
        assertThat(reportStore().get(Fixtures.messageId(404)).blockOptional()).isEmpty();
    }

    @Test
    default void reportsAreListedBySenderNewestFirst() {
        SpamReport first = SpamReport.standing(Fixtures.transmission(1, A, B), NOW.plusSeconds(60));
        SpamReport second = SpamReport.standing(Fixtures.transmission(2, A, C), NOW.plusSeconds(70));
        SpamReport againstB = SpamReport.standing(Fixtures.transmission(3, B, A), NOW.plusSeconds(80));
        reportStore().file(first).block();
        reportStore().file(second).block();
        reportStore().file(againstB).block();

        assertThat(reportStore().listBySender(A).collectList().block()).containsExactly(second, first);
    }

    @Test
    default void reportsOfOneInstantComeByMessageIdNewestFirst() {
        SpamReport one = SpamReport.standing(Fixtures.transmission(1, A, B), NOW.plusSeconds(60));
        SpamReport two = SpamReport.standing(Fixtures.transmission(2, A, B), NOW.plusSeconds(60));
        SpamReport later = SpamReport.standing(Fixtures.transmission(3, A, B), NOW.plusSeconds(61));
        reportStore().file(two).block();
        reportStore().file(later).block();
        reportStore().file(one).block();

        assertThat(reportStore().listBySender(A).collectList().block()).containsExactly(later, two, one);
    }
}
