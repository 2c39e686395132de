package org.ciers.protocol.message;

/** A {@code <CIERS>} document: one request or one response of the protocol. */
public sealed interface CiersMessage permits CiersRequest, CiersResponse {
    MessageType type();
}
