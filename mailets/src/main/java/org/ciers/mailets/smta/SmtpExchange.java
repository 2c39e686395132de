package org.ciers.mailets.smta;

import javax.mail.MessagingException;

/** The open SMTP connection to the recipient's server, as far as the CIERS step needs it. */
interface SmtpExchange {
    /** The host connected to. */
    String host();

    /** Whether STARTTLS succeeded on this connection. */
    boolean isTls();

    /** Whether the last EHLO reply advertised {@code extension}. */
    boolean offers(String extension);

    /** Sends one line and returns the reply code. */
    int command(String line) throws MessagingException;

    /** Sends text as it is (lines already ended with CRLF), without waiting for a reply. */
    void raw(String text) throws MessagingException;

    /** The full text of the last reply. */
    String lastReply();
}
