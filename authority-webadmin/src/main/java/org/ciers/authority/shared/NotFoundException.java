package org.ciers.authority.shared;

/** What a request names does not exist, or not for the one who asks; answered with HTTP 404 and this message. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
