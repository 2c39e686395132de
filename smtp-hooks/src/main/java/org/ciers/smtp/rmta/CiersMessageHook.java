package org.ciers.smtp.rmta;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;

/** Hands the transaction's CIERS validation to the mailets, as Mail attributes. */
public class CiersMessageHook implements JamesMessageHook {
    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        CiersSessionState.validation(session).ifPresent(validation -> CiersMailAttributes.write(mail, validation));
        return HookResult.DECLINED;
    }
}
