package org.ciers.protocol.xml;

/**
 * A document that is not a valid CIERS message: not well-formed, a DTD, too large, too deep,
 * an unknown type, a missing or invalid field. Always answered with {@code malformed_request}
 * (HTTP 400) or SMTP 501; the message says why, for the log, and never echoes secrets.
 */
public class MalformedCiersException extends Exception {
    public MalformedCiersException(String reason) {
        super(reason);
    }

    public MalformedCiersException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
