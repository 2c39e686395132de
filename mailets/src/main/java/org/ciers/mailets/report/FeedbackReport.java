package org.ciers.mailets.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.internet.ParseException;

import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.Verdict;
import org.ciers.protocol.smtp.CiersHeaders;

/**
 * What CIERS takes from an ARF feedback report (RFC 5965, with RFC 6650's {@code not-spam}): the
 * verdict its {@code Feedback-Type} gives and the CIERS message ID stamped on the reported
 * message, read from the report's third part ({@code message/rfc822} or
 * {@code text/rfc822-headers}). Only headers are read, never a whole embedded message.
 */
record FeedbackReport(Verdict verdict, MessageId messageId) {
    static final String REPORT_TYPE = "feedback-report";
    static final String FEEDBACK_TYPE = "Feedback-Type";

    /** Why a message is no feedback report CIERS can use; said in the log, never thrown further. */
    static final class Unusable extends Exception {
        Unusable(String reason) {
            super(reason, null, false, false);
        }
    }

    static FeedbackReport read(MimeMessage message) throws Unusable {
        try {
            ContentType type = contentType(message.getContentType());
            if (!type.match("multipart/report") || !REPORT_TYPE.equalsIgnoreCase(type.getParameter("report-type"))) {
                throw new Unusable("not multipart/report; report-type=feedback-report but " + printable(message.getContentType()));
            }
            Multipart parts = new MimeMultipart(message.getDataHandler().getDataSource());
            if (parts.getCount() < 3) {
                throw new Unusable("a feedback report has three parts, this one " + parts.getCount());
            }
            BodyPart fields = parts.getBodyPart(1);
            if (!contentType(fields.getContentType()).match("message/feedback-report")) {
                throw new Unusable("the second part is " + printable(fields.getContentType()) + ", not message/feedback-report");
            }
            Verdict verdict = verdict(headersOf(fields).getHeader(FEEDBACK_TYPE, null));
            BodyPart original = parts.getBodyPart(2);
            ContentType originalType = contentType(original.getContentType());
            if (!originalType.match("message/rfc822") && !originalType.match("text/rfc822-headers")) {
                throw new Unusable("the third part is " + printable(original.getContentType())
                    + ", not message/rfc822 or text/rfc822-headers");
            }
            String stamp = Optional.ofNullable(headersOf(original).getHeader(CiersHeaders.MESSAGE_ID, null))
                .orElseThrow(() -> new Unusable("the reported message carries no " + CiersHeaders.MESSAGE_ID));
            return new FeedbackReport(verdict, MessageId.of(stamp.trim()));
        } catch (MessagingException | IOException | IllegalArgumentException e) {
            throw new Unusable("unreadable: " + printable(e.getMessage()));
        }
    }

    /** abuse, fraud and virus say spam; not-spam refutes; other and unknown types say nothing CIERS can count. */
    private static Verdict verdict(String feedbackType) throws Unusable {
        if (feedbackType == null) {
            throw new Unusable("no " + FEEDBACK_TYPE);
        }
        return switch (feedbackType.trim().toLowerCase(Locale.ROOT)) {
            case "abuse", "fraud", "virus" -> Verdict.SPAM;
            case "not-spam" -> Verdict.NOT_SPAM;
            default -> throw new Unusable(FEEDBACK_TYPE + " " + printable(feedbackType) + " is no verdict on spam");
        };
    }

    /** The header block at the start of a part's decoded content; the rest is not read. */
    private static InternetHeaders headersOf(BodyPart part) throws MessagingException, IOException {
        try (InputStream content = part.getInputStream()) {
            return new InternetHeaders(content);
        }
    }

    private static ContentType contentType(String value) throws Unusable {
        try {
            return new ContentType(value == null ? "text/plain" : value);
        } catch (ParseException e) {
            throw new Unusable("unreadable Content-Type " + printable(value));
        }
    }

    /** A sender's text as the log may show it: one line, bounded. */
    static String printable(String text) {
        if (text == null) {
            return "(none)";
        }
        // every line break a log reader may honour, not only ASCII's
        String line = text.replaceAll("(?U)[\\p{Cntrl}\\u0085\\u2028\\u2029]", "?");
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }
}
