package org.ciers.authority.web;

/** Asks for a fresh confirmation code on a channel: {@code email} or {@code phone}. */
public record ResendRequest(String username, String channel) {
}
