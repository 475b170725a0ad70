package org.dkumonitor.agent.collect;

import java.time.Instant;

/** collectd's uptime plugin: seconds since boot, from {@code /proc/uptime}, as uptime.uptime. */
public final class UptimeCollector implements Collector {

    private final ProcFiles proc;

    public UptimeCollector(ProcFiles proc) {
        this.proc = proc;
    }

    @Override
    public String name() {
        return "uptime";
    }

    @Override
    public void collect(Instant now, MetricSink sink) {
        String text = proc.read("uptime").trim();
        int space = text.indexOf(' ');
        double seconds = Double.parseDouble(space < 0 ? text : text.substring(0, space));
        sink.put("uptime.uptime", Math.floor(seconds));
    }
}
