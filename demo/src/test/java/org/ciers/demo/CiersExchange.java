package org.ciers.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.ciers.protocol.model.MessageId;

/** The CIERS exchange as a sending server speaks it, for tests that drive a receiving server by hand. */
final class CiersExchange {
    private CiersExchange() {
    }

    /** A session with a receiving server after EHLO, STARTTLS and EHLO again, which offers CIERS once. */
    static SmtpSession tlsSession(int smtpPort) throws Exception {
        SmtpSession smtp = SmtpSession.connect(smtpPort);
        smtp.command("EHLO mx.a.example");
        smtp.startTls();
        assertThat(smtp.command("EHLO mx.a.example")).containsOnlyOnce("CIERS");
        return smtp;
    }

    /** The line after CIERS's 220: the sender's server ID and a message ID, or any text in its place. */
    static String initiateSend(AuthorityAdmin.Accredited sender, String messageId) {
        return "<CIERS request_type=\"initiate_send\"><server_id>" + sender.serverId() + "</server_id><message_id>"
            + messageId + "</message_id></CIERS>";
    }

    static String initiateSend(AuthorityAdmin.Accredited sender, MessageId messageId) {
        return initiateSend(sender, messageId.asString());
    }
}
