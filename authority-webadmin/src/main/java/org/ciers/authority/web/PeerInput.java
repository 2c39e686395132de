package org.ciers.authority.web;

/** {@code PUT /ciers/operator/peers/<name>}: the peer's base URL (HTTPS). */
public record PeerInput(String url) {
}
