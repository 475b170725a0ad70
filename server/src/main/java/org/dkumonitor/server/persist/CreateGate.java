package org.dkumonitor.server.persist;

/**
 * Whether the persister may create the file of a new metric now. A metric refused waits in the
 * cache and is asked about again on the next pass (creation is queued, never dropped, unlike
 * carbon's MAX_CREATES_PER_MINUTE).
 */
@FunctionalInterface
public interface CreateGate {

    CreateGate ALWAYS = metric -> true;

    /** True, and counted as one creation, when {@code metric}'s file may be created now. */
    boolean tryCreate(String metric);
}
