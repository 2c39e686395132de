package org.ciers.smtp.rmta;

import java.util.Optional;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;

/**
 * What CIERS knows about the current SMTP transaction. Kept in the transaction state, so EHLO,
 * RSET and the end of a message clear it.
 */
public final class CiersSessionState {
    enum Outcome {
        ACCEPTED,
        DENIED
    }

    private static final ProtocolSession.AttachmentKey<Outcome> OUTCOME = ProtocolSession.AttachmentKey.of("ciers.outcome", Outcome.class);
    private static final ProtocolSession.AttachmentKey<CiersValidation> VALIDATION =
        ProtocolSession.AttachmentKey.of("ciers.validation", CiersValidation.class);

    private CiersSessionState() {
    }

    static Optional<Outcome> outcome(SMTPSession session) {
        return session.getAttachment(OUTCOME, ProtocolSession.State.Transaction);
    }

    /** The sender's validation by the authority in this transaction, when CIERS accepted it. */
    public static Optional<CiersValidation> validation(SMTPSession session) {
        return session.getAttachment(VALIDATION, ProtocolSession.State.Transaction);
    }

    static void accepted(SMTPSession session, CiersValidation validation) {
        session.setAttachment(OUTCOME, Outcome.ACCEPTED, ProtocolSession.State.Transaction);
        session.setAttachment(VALIDATION, validation, ProtocolSession.State.Transaction);
    }

    static void denied(SMTPSession session) {
        session.setAttachment(OUTCOME, Outcome.DENIED, ProtocolSession.State.Transaction);
    }
}
