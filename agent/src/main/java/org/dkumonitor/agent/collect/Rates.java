package org.dkumonitor.agent.collect;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns cumulative kernel counters into per-second rates, as collectd's write_graphite does with
 * StoreRates for DERIVE values: the difference from the previous reading divided by the seconds
 * between the two. The first reading of a key, and a counter that went backwards (a reset), give
 * no rate (collectd sends nan; we send nothing). Keys not read during a round are forgotten, so a
 * disk that disappears and comes back starts afresh.
 */
final class Rates {

    private record Reading(double value, long millis) {
    }

    private Map<String, Reading> previous = new HashMap<>();
    private Map<String, Reading> current = new HashMap<>();

    /** The rate of {@code counter} since the last round, or NaN when there is none. */
    double perSecond(String key, double counter, Instant now) {
        long millis = now.toEpochMilli();
        current.put(key, new Reading(counter, millis));
        Reading before = previous.get(key);
        if (before == null || millis <= before.millis() || counter < before.value()) {
            return Double.NaN;
        }
        return (counter - before.value()) * 1000.0 / (millis - before.millis());
    }

    /** Ends a round: what was read becomes the previous readings. */
    void endRound() {
        previous = current;
        current = new HashMap<>();
    }
}
