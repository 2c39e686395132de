package org.ciers.protocol.client;

/**
 * The authority could not give an answer now: unreachable, too slow, a 5xx, or an answer that is
 * not CIERS. Callers treat it as temporary (RMTA: 454; SMTA: retry later), never as a refusal.
 */
public class AuthorityUnavailableException extends RuntimeException {
    public AuthorityUnavailableException(String message) {
        super(message);
    }

    public AuthorityUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
