package org.ciers.mailets.rmta;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.apache.mailet.base.MailetUtil;
import org.ciers.protocol.model.ReportToken;
import org.ciers.protocol.smtp.CiersHeaders;
import org.ciers.smtp.rmta.CiersMailAttributes;
import org.ciers.smtp.rmta.CiersValidation;

/**
 * Removes every {@code X-CIERS-*} header a message arrived with (nobody outside this server may
 * stamp), then, for mail accepted with CIERS, adds {@code X-CIERS-ServerID},
 * {@code X-CIERS-MessageID} and {@code X-CIERS-TrustValue} (and {@code X-CIERS-ReportToken} with
 * {@code <stampReportToken>true</stampReportToken>}, for clients that report directly, when the
 * authority gave one: a signed ID validated offline has none).
 *
 * <pre>{@code
 * <mailet match="All" class="org.ciers.mailets.rmta.StampCiersHeaders">
 *     <stampReportToken>false</stampReportToken>
 * </mailet>
 * }</pre>
 */
public class StampCiersHeaders extends GenericMailet {
    static final String STAMP_REPORT_TOKEN = "stampReportToken";

    private boolean stampReportToken;

    @Override
    public void init() throws MessagingException {
        Optional<Boolean> stamp = MailetUtil.getInitParameter(getMailetConfig(), STAMP_REPORT_TOKEN);
        String value = getInitParameter(STAMP_REPORT_TOKEN);
        if (stamp.isEmpty() && value != null) {
            throw new MessagingException(STAMP_REPORT_TOKEN + " is true or false, not '" + value + "'");
        }
        stampReportToken = stamp.orElse(false);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        boolean changed = removeIncomingStamps(message);
        Optional<CiersValidation> validation = CiersMailAttributes.read(mail);
        if (validation.isPresent()) {
            message.addHeader(CiersHeaders.SERVER_ID, validation.get().senderServerId().asString());
            message.addHeader(CiersHeaders.MESSAGE_ID, validation.get().messageId().asString());
            message.addHeader(CiersHeaders.TRUST_VALUE, validation.get().trustValue().asString());
            // a signed ID checked offline comes without a token: its reports go with this server's credentials
            Optional<ReportToken> token = validation.get().reportToken();
            if (stampReportToken && token.isPresent()) {
                message.addHeader(CiersHeaders.REPORT_TOKEN, token.get().reveal());
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
            if (CiersHeaders.isStamp(header.getName())) {
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
