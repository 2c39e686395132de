package org.ciers.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;

/**
 * Feedback reports that no receiving server should act on, each a different damage to one good
 * report: the wrong report type, no multipart, an unknown or missing Feedback-Type, the reported
 * message without its stamp or with a stamp that is junk or names no message the reporter holds,
 * the second part of another type, no third part, a body of random text. Seeded: the same run
 * sends the same thousand.
 */
final class MalformedFeedbackReports {
    /** The stamp's header with its folded continuation lines: Python folds a long header when it writes one. */
    private static final String STAMP_HEADER = "X-CIERS-MessageID:[^\r\n]*(\r?\n[ \t][^\r\n]*)*";
    private static final List<Damage> DAMAGES = List.of(
        (report, id, random) -> report.replaceFirst("report-type=\"feedback-report\"", "report-type=\"disposition-notification\""),
        (report, id, random) -> report.replaceFirst("multipart/report", "text/plain"),
        (report, id, random) -> report.replaceFirst("Feedback-Type: abuse", "Feedback-Type: " + word(random)),
        (report, id, random) -> report.replaceFirst("Feedback-Type: abuse\r?\n", ""),
        (report, id, random) -> report.replaceFirst(STAMP_HEADER + "\r?\n", ""),
        (report, id, random) -> report.replaceFirst(STAMP_HEADER, Matcher.quoteReplacement("X-CIERS-MessageID: " + junk(random))),
        MalformedFeedbackReports::anotherMessageId,
        (report, id, random) -> report.replaceFirst("Content-Type: message/feedback-report", "Content-Type: text/plain"),
        (report, id, random) -> withoutThirdPart(report),
        (report, id, random) -> report.substring(0, report.indexOf("\n\n") + 2) + junkLines(random));

    private interface Damage {
        String apply(String report, String messageId, Random random);
    }

    private MalformedFeedbackReports() {
    }

    /** {@code count} damaged copies of {@code good}, a report on the message stamped {@code messageId}. */
    static List<byte[]> from(byte[] good, String messageId, int count, long seed) {
        String report = new String(good, StandardCharsets.US_ASCII);
        if (!report.contains("X-CIERS-MessageID:") || !report.contains(messageId) || !report.contains("Feedback-Type: abuse")) {
            throw new IllegalArgumentException("not a report on " + messageId);
        }
        Random random = new Random(seed);
        List<byte[]> damaged = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String variant = DAMAGES.get(i % DAMAGES.size()).apply(report, messageId, random);
            if (variant.equals(report)) {
                throw new IllegalStateException("damage " + (i % DAMAGES.size()) + " left the report as it was");
            }
            damaged.add(variant.getBytes(StandardCharsets.US_ASCII));
        }
        return damaged;
    }

    /** A well-formed message ID, one character off: a message the reporter never received. */
    private static String anotherMessageId(String report, String messageId, Random random) {
        int at = report.indexOf(messageId) + 10 + random.nextInt(20);
        char replaced = report.charAt(at) == 'A' ? 'B' : 'A';
        return report.substring(0, at) + replaced + report.substring(at + 1);
    }

    private static String withoutThirdPart(String report) {
        String boundary = report.substring(report.indexOf("boundary=\"") + "boundary=\"".length());
        boundary = boundary.substring(0, boundary.indexOf('"'));
        int third = report.indexOf("--" + boundary, report.indexOf("message/feedback-report"));
        return report.substring(0, third) + "--" + boundary + "--\n";
    }

    private static String word(Random random) {
        StringBuilder word = new StringBuilder("x-");
        for (int i = 0; i < 3 + random.nextInt(10); i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    private static String junk(Random random) {
        StringBuilder junk = new StringBuilder();
        for (int i = 0; i < 1 + random.nextInt(60); i++) {
            junk.append((char) (33 + random.nextInt(94)));
        }
        return junk.toString();
    }

    private static String junkLines(Random random) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 1 + random.nextInt(20); i++) {
            lines.append(junk(random)).append('\n');
        }
        return lines.toString();
    }
}
