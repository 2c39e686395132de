package org.ciers.protocol.message;

/** Authority → anybody: the request could not be taken at all. */
public sealed interface ErrorResponse extends CiersResponse {

    /** Not well-formed, a DTD, too large, an unknown type or a missing/invalid field: HTTP 400. */
    record MalformedRequest() implements ErrorResponse {
    }

    /** Too many failed authentications from this server ID or address: HTTP 429. */
    record RateLimited() implements ErrorResponse {
    }

    /** The authority cannot answer now (its store failed): HTTP 503, callers retry later. */
    record Unavailable() implements ErrorResponse {
    }

    @Override
    default MessageType type() {
        return MessageType.ERROR;
    }
}
