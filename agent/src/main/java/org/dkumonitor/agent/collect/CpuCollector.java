package org.dkumonitor.agent.collect;

import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;

/**
 * collectd's cpu plugin with ReportByCpu, ReportByState and ValuesPercentage:
 * {@code cpu.<n>.percent.<state>}, the share of each state in the CPU's ticks since the last
 * call, and {@code cpu.count}.
 */
public final class CpuCollector implements Collector {

    private static final TickType[] TICKS = {TickType.USER, TickType.NICE, TickType.SYSTEM,
        TickType.IDLE, TickType.IOWAIT, TickType.IRQ, TickType.SOFTIRQ, TickType.STEAL};
    private static final String[] STATES = {"user", "nice", "system", "idle", "wait",
        "interrupt", "softirq", "steal"};

    private final CentralProcessor processor;
    private long[][] previous;

    public CpuCollector(CentralProcessor processor) {
        this.processor = processor;
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public void collect(MetricSink sink) {
        long[][] now = processor.getProcessorCpuLoadTicks();
        sink.put("cpu.count", now.length);
        if (previous != null && previous.length == now.length) {
            for (int cpu = 0; cpu < now.length; cpu++) {
                putPercentages(cpu, previous[cpu], now[cpu], sink);
            }
        }
        previous = now;
    }

    static void putPercentages(int cpu, long[] before, long[] after, MetricSink sink) {
        long total = 0;
        long[] delta = new long[TICKS.length];
        for (int i = 0; i < TICKS.length; i++) {
            int tick = TICKS[i].getIndex();
            delta[i] = Math.max(0, after[tick] - before[tick]);
            total += delta[i];
        }
        if (total == 0) {
            return;
        }
        for (int i = 0; i < TICKS.length; i++) {
            sink.put("cpu." + cpu + ".percent." + STATES[i], 100.0 * delta[i] / total);
        }
    }
}
