package org.ciers.smtp.rmta;

import java.util.Optional;
import java.util.function.Function;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ReportToken;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.TrustValue;

/**
 * How a CIERS validation travels from the SMTP session to the mailets: one Mail attribute per
 * field, plain strings, so that mail queues and repositories keep them. The sender's domain and the
 * report token are there only when the authority gave them (not for a signed ID checked offline).
 */
public final class CiersMailAttributes {
    public static final AttributeName SENDER_SERVER_ID = AttributeName.of("org.ciers.sender_server_id");
    public static final AttributeName SENDER_DOMAIN = AttributeName.of("org.ciers.sender_domain");
    public static final AttributeName MESSAGE_ID = AttributeName.of("org.ciers.message_id");
    public static final AttributeName TRUST_VALUE = AttributeName.of("org.ciers.trust_value");
    public static final AttributeName REPORT_TOKEN = AttributeName.of("org.ciers.report_token");

    private CiersMailAttributes() {
    }

    public static void write(Mail mail, CiersValidation validation) {
        mail.setAttribute(new Attribute(SENDER_SERVER_ID, AttributeValue.of(validation.senderServerId().asString())));
        validation.senderDomain().ifPresent(domain -> mail.setAttribute(new Attribute(SENDER_DOMAIN, AttributeValue.of(domain.asString()))));
        mail.setAttribute(new Attribute(MESSAGE_ID, AttributeValue.of(validation.messageId().asString())));
        mail.setAttribute(new Attribute(TRUST_VALUE, AttributeValue.of(validation.trustValue().asString())));
        validation.reportToken().ifPresent(token -> mail.setAttribute(new Attribute(REPORT_TOKEN, AttributeValue.of(token.reveal()))));
    }

    /** The validation, when the mail was accepted with CIERS and its attributes are intact. */
    public static Optional<CiersValidation> read(Mail mail) {
        if (!mail.getAttribute(SENDER_SERVER_ID).isPresent()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CiersValidation(
                ServerId.of(string(mail, SENDER_SERVER_ID)),
                optional(mail, SENDER_DOMAIN, DomainName::of),
                MessageId.of(string(mail, MESSAGE_ID)),
                TrustValue.parse(string(mail, TRUST_VALUE)),
                optional(mail, REPORT_TOKEN, ReportToken::of)));
        } catch (IllegalArgumentException partialOrAltered) {
            return Optional.empty();
        }
    }

    private static String string(Mail mail, AttributeName name) {
        return optional(mail, name, Function.identity())
            .orElseThrow(() -> new IllegalArgumentException("no string attribute " + name.asString()));
    }

    /** Empty when the attribute is absent; a present attribute that is not a well-formed string is an alteration. */
    private static <T> Optional<T> optional(Mail mail, AttributeName name, Function<String, T> parser) {
        Optional<Attribute> attribute = mail.getAttribute(name);
        if (attribute.isEmpty()) {
            return Optional.empty();
        }
        String value = attribute.get().getValue().valueAs(String.class)
            .orElseThrow(() -> new IllegalArgumentException("attribute " + name.asString() + " is not a string"));
        return Optional.of(parser.apply(value));
    }
}
