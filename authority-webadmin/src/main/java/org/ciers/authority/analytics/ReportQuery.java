package org.ciers.authority.analytics;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.model.ReportState;
import org.ciers.protocol.model.DomainName;

/**
 * A search of the reports: every present filter must match; {@code from} is included, {@code to}
 * excluded (times of the report); pages count from 0; newest first unless {@code oldestFirst}.
 */
public record ReportQuery(Optional<DomainName> senderDomain, Optional<OrganizationId> organization, Optional<DomainName> recipientDomain,
                          Optional<ReportState> state, Optional<Instant> from, Optional<Instant> to, int page, int size, boolean oldestFirst) {
    public static final int MAX_SIZE = 500;
    /** OpenSearch's default result window: deeper pages need a narrower search. */
    public static final int MAX_WINDOW = 10_000;

    public ReportQuery {
        Objects.requireNonNull(senderDomain, "senderDomain");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(recipientDomain, "recipientDomain");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE);
        }
        if (page < 0 || (long) (page + 1) * size > MAX_WINDOW) {
            throw new IllegalArgumentException("page must be at least 0, and (page + 1) × size at most " + MAX_WINDOW);
        }
    }

    public static ReportQuery all(int size) {
        return new ReportQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            0, size, false);
    }
}
