package org.ciers.mailets.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeedbackReportTest {
    static final String STAMP = "ciers.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /** An RFC 5965 report as the RFC's own example lays it out, around a stamped message. */
    static String report(String contentType, String feedbackType, String originalType, String original) {
        return "From: <bob@b.example>\r\n"
            + "To: <abuse@b.example>\r\n"
            + "Subject: FW: hello\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: " + contentType + "; report-type=feedback-report; boundary=\"part\"\r\n"
            + "\r\n"
            + "--part\r\n"
            + "Content-Type: text/plain\r\n"
            + "\r\n"
            + "This is an email abuse report.\r\n"
            + "--part\r\n"
            + "Content-Type: message/feedback-report\r\n"
            + "\r\n"
            + (feedbackType == null ? "" : "Feedback-Type: " + feedbackType + "\r\n")
            + "User-Agent: SomeGenerator/1.0\r\n"
            + "Version: 1\r\n"
            + "\r\n"
            + "--part\r\n"
            + "Content-Type: " + originalType + "\r\n"
            + "\r\n"
            + original
            + "--part--\r\n";
    }

    static String original(String stampLine) {
        return "From: alice@a.example\r\nTo: bob@b.example\r\nSubject: hello\r\n" + stampLine
            + "X-CIERS-ServerID: AAAAAAAAAAAAAAAAAAA1\r\n\r\nHello.\r\n";
    }

    static FeedbackReport read(String report) throws Exception {
        return FeedbackReport.read(new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(report.getBytes(StandardCharsets.US_ASCII))));
    }

    @ParameterizedTest
    @CsvSource({"abuse, SPAM", "Fraud, SPAM", "virus, SPAM", "not-spam, NOT_SPAM"})
    void theFeedbackTypeGivesTheVerdict(String feedbackType, Verdict verdict) throws Exception {
        FeedbackReport report = read(report("multipart/report", feedbackType, "message/rfc822",
            original("X-CIERS-MessageID: " + STAMP + "\r\n")));

        assertThat(report).isEqualTo(new FeedbackReport(verdict, MessageId.of(STAMP)));
    }

    @Test
    void theReportedHeadersAloneAreEnough() throws Exception {
        String headersOnly = "From: alice@a.example\r\nX-CIERS-MessageID: " + STAMP + "\r\n\r\n";

        assertThat(read(report("multipart/report", "abuse", "text/rfc822-headers", headersOnly)).messageId())
            .isEqualTo(MessageId.of(STAMP));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "multipart/mixed | abuse | message/rfc822 | X-CIERS-MessageID: " + STAMP + " | not multipart/report",
        "multipart/report | other | message/rfc822 | X-CIERS-MessageID: " + STAMP + " | is no verdict on spam",
        "multipart/report | | message/rfc822 | X-CIERS-MessageID: " + STAMP + " | no Feedback-Type",
        "multipart/report | abuse | message/rfc822 | X-Other: 1 | carries no X-CIERS-MessageID",
        "multipart/report | abuse | message/rfc822 | X-CIERS-MessageID: not an id | unreadable",
        "multipart/report | abuse | text/plain | X-CIERS-MessageID: " + STAMP + " | not message/rfc822 or text/rfc822-headers"})
    void aReportCiersCannotUseSaysWhy(String contentType, String feedbackType, String originalType, String stampLine, String reason) {
        String report = report(contentType, feedbackType, originalType, original(stampLine + "\r\n"));

        assertThatThrownBy(() -> read(report)).isInstanceOf(FeedbackReport.Unusable.class).hasMessageContaining(reason);
    }

    @Test
    void aReportWithoutItsThirdPartIsUnusable() {
        String twoParts = report("multipart/report", "abuse", "message/rfc822", original("X-CIERS-MessageID: " + STAMP + "\r\n"));
        String cut = twoParts.substring(0, twoParts.lastIndexOf("--part\r\nContent-Type: message/rfc822")) + "--part--\r\n";

        assertThatThrownBy(() -> read(cut)).isInstanceOf(FeedbackReport.Unusable.class).hasMessageContaining("three parts, this one 2");
    }

    @Test
    void whatTheLogShowsOfASendersTextIsOneBoundedLine() {
        assertThat(FeedbackReport.printable("a\r\nInjected: line" + "x".repeat(500))).doesNotContain("\n").hasSize(121);
        assertThat(FeedbackReport.printable("a\u0085b\u2028c\u2029d")).isEqualTo("a?b?c?d");
    }
}
