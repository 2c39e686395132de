package org.ciers.authority.accreditation;

/** An accreditation request that conflicts with what the authority holds. */
public class AccreditationException extends RuntimeException {
    public enum Reason {
        UNKNOWN_ORGANIZATION,
        DOMAIN_ALREADY_REGISTERED,
        /** The domain request is unknown, not the asker's, or not in a state that allows this. */
        REQUEST_NOT_ALLOWED
    }

    private final Reason reason;

    public AccreditationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
