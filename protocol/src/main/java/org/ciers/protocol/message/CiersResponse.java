package org.ciers.protocol.message;

/** A document carrying {@code response_type}. */
public sealed interface CiersResponse extends CiersMessage
    permits AuthToSendResponse, TrustValueResponse, ClientResponseResponse, InitiateSendResponse, ValidationReceiptsResponse, KeysResponse, ErrorResponse {
}
