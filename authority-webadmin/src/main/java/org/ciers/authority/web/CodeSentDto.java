package org.ciers.authority.web;

/** A fresh confirmation code went out on this channel. */
public record CodeSentDto(String sent) {
}
