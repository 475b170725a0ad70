package org.dkumonitor.server.carbon;

/**
 * Whether a point may start a new metric (quotas). Asked when a connection sends a name for the
 * first time, not for every point: a connection's name cache remembers what was admitted, and
 * is emptied when {@link #generation} moves (metrics were deleted, so their names must be asked
 * about again).
 */
public interface NewMetricGate {

    /** Admits everything. */
    NewMetricGate OPEN = new NewMetricGate() {
        @Override
        public boolean admit(String name) {
            return true;
        }

        @Override
        public long generation() {
            return 0;
        }
    };

    /** True when a point of {@code name} (normalised) may be stored. */
    boolean admit(String name);

    /** Moves when names admitted before must be asked about again. */
    long generation();
}
