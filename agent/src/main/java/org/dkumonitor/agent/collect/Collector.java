package org.dkumonitor.agent.collect;

/** One source of host metrics, called once per interval. */
public interface Collector {

    /** A short name for logs and self-metrics, e.g. {@code cpu}. */
    String name();

    /**
     * Puts this interval's values into the sink. Rates and percentages are computed against the
     * previous call, so the first call may put fewer values.
     */
    void collect(MetricSink sink);
}
