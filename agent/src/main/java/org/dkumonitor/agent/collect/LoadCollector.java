package org.dkumonitor.agent.collect;

import java.time.Instant;

/**
 * collectd's load plugin with ReportRelative: the 1, 5 and 15 minute load averages of
 * {@code /proc/loadavg} divided by the number of CPUs online (the cpuN lines of
 * {@code /proc/stat}), under {@code load.load.relative.}.
 */
public final class LoadCollector implements Collector {

    private final ProcFiles proc;

    public LoadCollector(ProcFiles proc) {
        this.proc = proc;
    }

    @Override
    public String name() {
        return "load";
    }

    @Override
    public void collect(Instant now, MetricSink sink) {
        String[] load = ProcFields.words(proc.read("loadavg"));
        if (load.length < 3) {
            throw new CollectionException("load: " + proc.path("loadavg")
                    + " has fewer than 3 fields: '" + String.join(" ", load) + "'");
        }
        int cpus = CpuCollector.perCpuTicks(proc.lines("stat")).size();
        double divisor = Math.max(1, cpus);
        sink.put("load.load.relative.shortterm", Double.parseDouble(load[0]) / divisor);
        sink.put("load.load.relative.midterm", Double.parseDouble(load[1]) / divisor);
        sink.put("load.load.relative.longterm", Double.parseDouble(load[2]) / divisor);
    }
}
