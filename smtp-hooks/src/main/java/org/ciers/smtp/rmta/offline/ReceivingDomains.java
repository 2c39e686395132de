package org.ciers.smtp.rmta.offline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.ciers.protocol.model.DomainName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The domains this server receives mail for (James's domain list), which a signed ID must be issued
 * for. The initiate_send line comes before RCPT TO, so every ID is checked against all of them; the
 * list is read at most every {@value #REFRESH_SECONDS} seconds, not once per message (on a
 * distributed James it is a database read). A domain added to James is recognised within that time.
 */
@Singleton
public class ReceivingDomains {
    static final int REFRESH_SECONDS = 30;
    static final Duration REFRESH = Duration.ofSeconds(REFRESH_SECONDS);
    private static final Logger LOGGER = LoggerFactory.getLogger(ReceivingDomains.class);

    private record Snapshot(List<DomainName> domains, Instant readAt) {
        boolean isFreshAt(Instant now) {
            return now.isBefore(readAt.plus(REFRESH));
        }
    }

    private final DomainList domainList;
    private volatile Snapshot snapshot;

    @Inject
    public ReceivingDomains(DomainList domainList) {
        this.domainList = domainList;
    }

    /** The domains; empty when James's domain list cannot be read and never could. */
    public Optional<List<DomainName>> current(Instant now) {
        Snapshot read = snapshot;
        return read != null && read.isFreshAt(now) ? Optional.of(read.domains()) : reread(now);
    }

    private synchronized Optional<List<DomainName>> reread(Instant now) {
        Snapshot previous = snapshot;
        if (previous != null && previous.isFreshAt(now)) {
            return Optional.of(previous.domains());
        }
        try {
            List<DomainName> domains = domainList.getDomains().stream().flatMap(domain -> asDomainName(domain).stream()).toList();
            snapshot = new Snapshot(domains, now);
            return Optional.of(domains);
        } catch (DomainListException | RuntimeException e) {
            LOGGER.warn("CIERS: could not read the domain list ({}); {}", e.getMessage(),
                previous == null ? "signed IDs go to the authority" : "the last one read stays in use");
            if (previous == null) {
                return Optional.empty();
            }
            snapshot = new Snapshot(previous.domains(), now);
            return Optional.of(previous.domains());
        }
    }

    /** James may list names CIERS has no use for (an address literal of the auto-detected host): no ID is issued for those. */
    private static Optional<DomainName> asDomainName(Domain domain) {
        try {
            return Optional.of(DomainName.of(domain.asString()));
        } catch (IllegalArgumentException notADomainName) {
            return Optional.empty();
        }
    }
}
