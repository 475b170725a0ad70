package org.dkumonitor.agent.collect;

import java.time.Instant;

/** One source of host metrics, called once per interval from one thread. */
public interface Collector {

    /** A short name for logs and self-metrics, e.g. {@code cpu}. */
    String name();

    /**
     * Puts this interval's values into the sink. Rates and percentages are computed against the
     * previous call, so the first call may put fewer values. {@code now} is the collection time.
     */
    void collect(Instant now, MetricSink sink);
}
