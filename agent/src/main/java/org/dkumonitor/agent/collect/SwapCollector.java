package org.dkumonitor.agent.collect;

import java.time.Instant;
import java.util.List;
import org.dkumonitor.agent.naming.MetricPaths;

/**
 * collectd's swap plugin with ReportByDevice, ReportBytes, ValuesAbsolute, ValuesPercentage and
 * ReportIO: per swap device of {@code /proc/swaps}, {@code swap.<device>.swap.used|free} in bytes
 * and {@code swap.<device>.percent.used|free}; and {@code swap.swap_io.in|out}, the bytes paged in
 * and out per second ({@code pswpin}/{@code pswpout} of {@code /proc/vmstat} times the page
 * size). A host without swap sends only swap_io, as collectd does.
 */
public final class SwapCollector implements Collector {

    private final ProcFiles proc;
    private final long pageSize;
    private final Rates rates = new Rates();

    public SwapCollector(ProcFiles proc, long pageSize) {
        this.proc = proc;
        this.pageSize = pageSize;
    }

    @Override
    public String name() {
        return "swap";
    }

    @Override
    public void collect(Instant now, MetricSink sink) {
        List<String> swaps = proc.lines("swaps");
        for (String line : swaps.subList(Math.min(1, swaps.size()), swaps.size())) {
            String[] fields = ProcFields.words(line);
            if (fields.length < 4) {
                continue;
            }
            String device = "swap." + MetricPaths.escapeNode(fields[0]);
            double total = Long.parseLong(fields[2]) * 1024.0;
            double used = Long.parseLong(fields[3]) * 1024.0;
            double free = total - used;
            sink.put(device + ".swap.used", used);
            sink.put(device + ".swap.free", free);
            if (total > 0) {
                sink.put(device + ".percent.used", 100.0 * used / total);
                sink.put(device + ".percent.free", 100.0 * free / total);
            }
        }
        long in = -1;
        long out = -1;
        for (String line : proc.lines("vmstat")) {
            if (line.startsWith("pswpin ")) {
                in = Long.parseLong(line.substring(7).trim());
            } else if (line.startsWith("pswpout ")) {
                out = Long.parseLong(line.substring(8).trim());
            }
        }
        if (in >= 0 && out >= 0) {
            double inRate = rates.perSecond("in", in * (double) pageSize, now);
            double outRate = rates.perSecond("out", out * (double) pageSize, now);
            if (!Double.isNaN(inRate) && !Double.isNaN(outRate)) {
                sink.put("swap.swap_io.in", inRate);
                sink.put("swap.swap_io.out", outRate);
            }
        }
        rates.endRound();
    }
}
