package org.dkumonitor.agent.collect;

/** Where collectors put their values; the path is relative to the host's prefix. */
@FunctionalInterface
public interface MetricSink {

    void put(String relativePath, double value);
}
