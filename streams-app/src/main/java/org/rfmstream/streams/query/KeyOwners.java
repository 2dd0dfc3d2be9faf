package org.rfmstream.streams.query;

import java.util.Set;

/**
 * Where a customer's profile lives: the instance with the active store for its partition, and the instances
 * keeping a standby copy of it.
 */
public record KeyOwners(Host active, Set<Host> standbys, int partition) {

    public KeyOwners {
        standbys = Set.copyOf(standbys);
    }

    public boolean isStandby(Host host) {
        return standbys.contains(host);
    }
}
