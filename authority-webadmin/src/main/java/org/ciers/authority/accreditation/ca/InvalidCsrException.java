package org.ciers.authority.accreditation.ca;

/** What was given as a certificate signing request is not one the CA signs; the message says what is expected. */
public class InvalidCsrException extends IllegalArgumentException {
    public InvalidCsrException(String expectation) {
        super(expectation);
    }
}
