package org.ciers.demo;

import org.ciers.cassandra.LoopbackPorts;

/** Free TCP ports on the loopback address, for servers started here (the same turn as the Cassandra nodes'). */
public final class FreePorts {
    private FreePorts() {
    }

    public static int next() {
        return LoopbackPorts.next();
    }
}
