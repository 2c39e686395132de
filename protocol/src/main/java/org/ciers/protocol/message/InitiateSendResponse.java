package org.ciers.protocol.message;

/** RMTA → SMTA, after validating the initiate_send line with the authority. */
public sealed interface InitiateSendResponse extends CiersResponse {

    record RequestAccepted() implements InitiateSendResponse {
    }

    record RequestDenied() implements InitiateSendResponse {
    }

    @Override
    default MessageType type() {
        return MessageType.INITIATE_SEND;
    }
}
