package org.ciers.authority.web;

/** The recipient domain was asked to look again at a reported message. */
public record RefutationAskedDto(String messageId, String asked) {
}
