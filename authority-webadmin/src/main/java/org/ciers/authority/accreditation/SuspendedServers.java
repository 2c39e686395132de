package org.ciers.authority.accreditation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.authority.store.DomainStore;
import org.ciers.protocol.model.ServerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server IDs of suspended organizations' domains, for the public key set: receiving servers
 * refuse the IDs these servers still hold. Read from the store at most every {@link #REFRESH}, so a
 * stranger fetching the key set in a loop costs no store read per request.
 */
@Singleton
public class SuspendedServers {
    static final Duration REFRESH = Duration.ofSeconds(10);
    private static final Logger LOGGER = LoggerFactory.getLogger(SuspendedServers.class);

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
        try {
            List<ServerId> serverIds = domains.suspendedServerIds().collectList().block();
            snapshot = new Snapshot(List.copyOf(serverIds), now);
        } catch (RuntimeException e) {
            if (read == null) {
                // the key set answers unavailable: a receiving server keeps the set it holds
                throw e;
            }
            // the last list read stays, and the store is asked again only after REFRESH
            LOGGER.warn("CIERS: could not reread the suspended servers; the list read at {} stays in use", read.readAt(), e);
            snapshot = new Snapshot(read.serverIds(), now);
        }
        return snapshot.serverIds();
    }
}
