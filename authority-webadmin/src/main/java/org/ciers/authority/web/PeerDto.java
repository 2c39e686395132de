package org.ciers.authority.web;

import java.time.Instant;
import java.util.Optional;

/**
 * A peer as the operator sees it: its URL and state ({@code active} or {@code suspended}), what
 * this node saw of it since it started (last contact, last failure, items forwarded), and the
 * items that wait for it in the outbox every node shares.
 */
public record PeerDto(String name, String url, String state, Optional<Instant> lastContact, Optional<Instant> lastFailureAt,
                      Optional<String> lastFailure, long forwarded, long pending, boolean waitingToRetry) {
}
