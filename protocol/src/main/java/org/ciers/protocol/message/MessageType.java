package org.ciers.protocol.message;

import java.util.Optional;

import org.ciers.protocol.model.WireNamed;

/** The {@code request_type} / {@code response_type} of a CIERS document. */
public enum MessageType implements WireNamed {
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

    @Override
    public String wireName() {
        return wireName;
    }

    public static Optional<MessageType> fromWire(String value) {
        return WireNamed.fromWire(MessageType.class, value);
    }
}
