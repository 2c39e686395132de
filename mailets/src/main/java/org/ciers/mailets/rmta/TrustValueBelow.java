package org.ciers.mailets.rmta;

import java.util.Collection;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.ciers.protocol.model.TrustValue;
import org.ciers.smtp.rmta.CiersMailAttributes;

/**
 * {@code TrustValueBelow=<n>}: matches every recipient of CIERS-validated mail whose sender's trust
 * is below n (0–20). Mail without CIERS does not match; combine with {@link HasCiersValidation}.
 *
 * <pre>{@code
 * <mailet match="org.ciers.mailets.rmta.TrustValueBelow=10" class="WithStorageDirective">
 *     <targetFolderName>Spam</targetFolderName>
 * </mailet>
 * }</pre>
 */
public class TrustValueBelow extends GenericMatcher {
    private TrustValue threshold;

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        try {
            threshold = TrustValue.parse(condition == null ? "" : condition.trim());
        } catch (IllegalArgumentException e) {
            throw new MessagingException("TrustValueBelow needs a trust value between 0 and 20, e.g. TrustValueBelow=10; got '"
                + condition + "'");
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return CiersMailAttributes.read(mail)
            .filter(validation -> validation.trustValue().isBelow(threshold))
            .map(validation -> mail.getRecipients())
            .orElse(List.of());
    }
}
