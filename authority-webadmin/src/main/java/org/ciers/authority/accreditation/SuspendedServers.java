package org.ciers.authority.accreditation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.authority.store.DomainStore;
import org.ciers.protocol.model.ServerId;

/**
 * The server IDs of suspended organizations' domains, for the public key set: receiving servers
 * refuse the IDs these servers still hold. Read from the store at most every {@link #REFRESH}, so a
 * stranger fetching the key set in a loop costs no store read per request.
 */
@Singleton
public class SuspendedServers {
    static final Duration REFRESH = Duration.ofSeconds(10);

    private record Snapshot(List<ServerId> serverIds, Instant readAt) {
    }

    private final DomainStore domains;
    private final Clock clock;
    private volatile Snapshot snapshot;

    @Inject
    public SuspendedServers(DomainStore domains, Clock clock) {
        this.domains = domains;
        this.clock = clock;
    }

    public List<ServerId> current() {
        Snapshot read = snapshot;
        Instant now = clock.instant();
        if (read != null && now.isBefore(read.readAt().plus(REFRESH))) {
            return read.serverIds();
        }
        return reread(now);
    }

    private synchronized List<ServerId> reread(Instant now) {
        Snapshot read = snapshot;
        if (read != null && now.isBefore(read.readAt().plus(REFRESH))) {
            return read.serverIds();
        }
        List<ServerId> serverIds = domains.suspendedServerIds().collectList().block();
        snapshot = new Snapshot(List.copyOf(serverIds), now);
        return snapshot.serverIds();
    }
}
