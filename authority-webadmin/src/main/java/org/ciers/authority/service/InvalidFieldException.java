package org.ciers.authority.service;

/** A request field is missing or malformed; answered with HTTP 400 naming the field. */
public class InvalidFieldException extends IllegalArgumentException {
    private final String field;

    public InvalidFieldException(String field, String expectation) {
        super(field + ": " + expectation);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
