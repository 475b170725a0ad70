package org.dkumonitor.agent.collect;

import oshi.hardware.CentralProcessor;

/**
 * collectd's load plugin with ReportRelative: the 1, 5 and 15 minute load averages divided by
 * the number of CPUs, under {@code load.load.relative.}.
 */
public final class LoadCollector implements Collector {

    private final CentralProcessor processor;

    public LoadCollector(CentralProcessor processor) {
        this.processor = processor;
    }

    @Override
    public String name() {
        return "load";
    }

    @Override
    public void collect(MetricSink sink) {
        double[] load = processor.getSystemLoadAverage(3);
        if (load[0] < 0) {
            throw new CollectionException("load: this system reports no load average");
        }
        int cpus = processor.getLogicalProcessorCount();
        sink.put("load.load.relative.shortterm", load[0] / cpus);
        sink.put("load.load.relative.midterm", load[1] / cpus);
        sink.put("load.load.relative.longterm", load[2] / cpus);
    }
}
