package org.ciers.authority.analytics;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Singleton;

import org.ciers.protocol.model.DomainName;

/**
 * The sender domains whose trust counters moved since their daily figures were last taken, on this
 * node: one set insertion per counted transmission or report, nothing written, so analytics adds no
 * store write to the transmission path.
 */
@Singleton
public class TouchedDomains {
    private final Set<DomainName> touched = ConcurrentHashMap.newKeySet();

    public void touch(DomainName domain) {
        touched.add(domain);
    }

    /** The domains touched since the last call; each leaves the set as it is returned. */
    public List<DomainName> drain() {
        List<DomainName> drained = List.copyOf(touched);
        drained.forEach(touched::remove);
        return drained;
    }
}
