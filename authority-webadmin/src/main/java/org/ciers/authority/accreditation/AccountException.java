package org.ciers.authority.accreditation;

/** A refusal the portal shows as it is: 401 (who are you), 403 (not allowed yet), 429 (slow down). */
public class AccountException extends RuntimeException {
    public enum Reason {
        WRONG_CREDENTIALS,
        NOT_ACTIVE,
        TOO_MANY_ATTEMPTS
    }

    private final Reason reason;

    public AccountException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
