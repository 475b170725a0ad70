package org.dkumonitor.agent.collect;

/**
 * Where collectors put their values; the path is relative to the host's prefix. Collectors put
 * only finite values: a rate that cannot be computed yet is left out, not sent as NaN.
 */
@FunctionalInterface
public interface MetricSink {

    void put(String relativePath, double value);
}
