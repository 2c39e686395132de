package org.ciers.protocol.message;

/** A document carrying {@code request_type}. */
public sealed interface CiersRequest extends CiersMessage
    permits AuthToSendRequest, TrustValueRequest, ClientResponseRequest, InitiateSendRequest, ValidationReceiptsRequest {
}
