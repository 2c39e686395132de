package org.ciers.protocol.message;

import java.util.Arrays;
import java.util.Optional;

/** The {@code request_type} / {@code response_type} of a CIERS document. */
public enum MessageType {
    AUTH_TO_SEND("auth_to_send"),
    TRUST_VALUE("trust_value"),
    CLIENT_RESPONSE("client_response"),
    INITIATE_SEND("initiate_send"),
    VALIDATION_RECEIPTS("validation_receipts"),
    KEYS("keys"),
    ERROR("error");

    private final String wireName;

    MessageType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<MessageType> fromWire(String value) {
        return Arrays.stream(values())
            .filter(type -> type.wireName.equals(value))
            .findFirst();
    }
}
