package org.ciers.authority.web;

/** A confirmation code typed in the portal (email or phone). */
public record CodeRequest(String username, String code) {
}
