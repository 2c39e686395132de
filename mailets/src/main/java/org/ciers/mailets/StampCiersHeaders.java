package org.ciers.mailets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.ciers.smtp.model.CiersMailAttributes;
import org.ciers.smtp.model.CiersValidation;

/**
 * Removes every {@code X-CIERS-*} header a message arrived with (nobody outside this server may
 * stamp), then, for mail accepted with CIERS, adds {@code X-CIERS-ServerID},
 * {@code X-CIERS-MessageID} and {@code X-CIERS-TrustValue} (and {@code X-CIERS-ReportToken} with
 * {@code <stampReportToken>true</stampReportToken>}, for clients that report directly).
 *
 * <pre>{@code
 * <mailet match="All" class="org.ciers.mailets.StampCiersHeaders">
 *     <stampReportToken>false</stampReportToken>
 * </mailet>
 * }</pre>
 */
public class StampCiersHeaders extends GenericMailet {
    public static final String PREFIX = "X-CIERS-";
    public static final String SERVER_ID = "X-CIERS-ServerID";
    public static final String MESSAGE_ID = "X-CIERS-MessageID";
    public static final String TRUST_VALUE = "X-CIERS-TrustValue";
    public static final String REPORT_TOKEN = "X-CIERS-ReportToken";
    static final String STAMP_REPORT_TOKEN = "stampReportToken";

    private boolean stampReportToken;

    @Override
    public void init() throws MessagingException {
        String value = getInitParameter(STAMP_REPORT_TOKEN, "false").trim();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new MessagingException(STAMP_REPORT_TOKEN + " is true or false, not '" + value + "'");
        }
        stampReportToken = Boolean.parseBoolean(value);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        boolean changed = removeIncomingStamps(message);
        Optional<CiersValidation> validation = CiersMailAttributes.read(mail);
        if (validation.isPresent()) {
            message.addHeader(SERVER_ID, validation.get().senderServerId().asString());
            message.addHeader(MESSAGE_ID, validation.get().messageId().asString());
            message.addHeader(TRUST_VALUE, validation.get().trustValue().asString());
            if (stampReportToken) {
                message.addHeader(REPORT_TOKEN, validation.get().reportToken().reveal());
            }
            changed = true;
        }
        if (changed) {
            message.saveChanges();
        }
    }

    private static boolean removeIncomingStamps(MimeMessage message) throws MessagingException {
        List<String> names = new ArrayList<>();
        for (Header header : Collections.list(message.getAllHeaders())) {
            if (header.getName().toUpperCase(Locale.ROOT).startsWith(PREFIX)) {
                names.add(header.getName());
            }
        }
        for (String name : names) {
            message.removeHeader(name);
        }
        return !names.isEmpty();
    }

    @Override
    public String getMailetInfo() {
        return "Stamps X-CIERS-* headers on mail accepted with CIERS, after removing any the message arrived with";
    }
}
