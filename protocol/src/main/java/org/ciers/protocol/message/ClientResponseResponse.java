package org.ciers.protocol.message;

/** Authority → reporter: the verdict was taken or refused. */
public sealed interface ClientResponseResponse extends CiersResponse {

    record ResponseAccepted() implements ClientResponseResponse {
    }

    record ResponseDenied() implements ClientResponseResponse {
    }

    @Override
    default MessageType type() {
        return MessageType.CLIENT_RESPONSE;
    }
}
