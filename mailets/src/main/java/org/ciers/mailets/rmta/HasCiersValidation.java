package org.ciers.mailets.rmta;

import java.util.Collection;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.ciers.smtp.rmta.CiersMailAttributes;

/** Matches every recipient of mail that was accepted with a valid CIERS validation. */
public class HasCiersValidation extends GenericMatcher {
    @Override
    public Collection<MailAddress> match(Mail mail) {
        return CiersMailAttributes.read(mail).isPresent() ? mail.getRecipients() : List.of();
    }
}
