package org.ciers.authority.shared;

/** A request field is missing or malformed; answered with HTTP 400 naming the field. */
public class InvalidFieldException extends IllegalArgumentException {
    public InvalidFieldException(String field, String expectation) {
        super(field + ": " + expectation);
    }
}
