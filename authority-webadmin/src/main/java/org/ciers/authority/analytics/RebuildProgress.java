package org.ciers.authority.analytics;

import java.time.Instant;
import java.util.Optional;

/** What a rebuild did so far: its state is {@code running}, {@code done} or {@code failed}; documents indexed per index. */
public record RebuildProgress(String state, String actor, Instant startedAt, Optional<Instant> finishedAt, long reports, long auditEvents,
                              long dailyFigures, Optional<String> failure) {
    static final String RUNNING = "running";
    static final String DONE = "done";
    static final String FAILED = "failed";

    public boolean running() {
        return RUNNING.equals(state);
    }
}
