package org.ciers.authority.web;

/** A portal login. */
public record LoginRequest(String username, String password) {
}
