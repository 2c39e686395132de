package org.ciers.protocol.client;

import org.ciers.protocol.message.ErrorResponse;

/** The authority answered with a CIERS error ({@code malformed_request} or {@code rate_limited}). */
public class AuthorityRejectedException extends RuntimeException {
    private final transient ErrorResponse error;

    public AuthorityRejectedException(ErrorResponse error, int status) {
        super("authority answered HTTP " + status + " " + error.getClass().getSimpleName());
        this.error = error;
    }

    public ErrorResponse error() {
        return error;
    }

    public boolean isRateLimited() {
        return error instanceof ErrorResponse.RateLimited;
    }
}
