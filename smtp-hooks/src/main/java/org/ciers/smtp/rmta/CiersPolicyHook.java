package org.ciers.smtp.rmta;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.ciers.smtp.mta.MtaConfiguration;

/**
 * The receiving server's CIERS policy at {@code MAIL FROM}: refuses senders whose trust is below
 * the threshold and, with {@code rmta.policy=require}, mail that did not pass CIERS. Users who
 * authenticated (SMTP AUTH) submit their own mail and are not concerned.
 */
public class CiersPolicyHook implements MailHook {
    private final MtaConfiguration configuration;

    @Inject
    public CiersPolicyHook(MtaConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (session.getUsername() != null) {
            return HookResult.DECLINED;
        }
        Optional<CiersValidation> validation = CiersSessionState.validation(session);
        if (validation.isPresent() && validation.get().trustValue().isBelow(configuration.trustThreshold())) {
            return deny("CIERS trust value " + validation.get().trustValue() + " of " + validation.get().sender()
                + " is below this server's threshold " + configuration.trustThreshold());
        }
        if (validation.isEmpty() && configuration.policy() == MtaConfiguration.Policy.REQUIRE) {
            return deny("This server accepts mail only with CIERS: STARTTLS, then CIERS, before MAIL");
        }
        return HookResult.DECLINED;
    }

    private static HookResult deny(String description) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode(SMTPRetCode.MAILBOX_PERM_UNAVAILABLE)
            .smtpDescription(DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_AUTH) + " " + description)
            .build();
    }
}
