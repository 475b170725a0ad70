package org.dkumonitor.agent.collect;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * collectd's cpu plugin with ReportByCpu, ReportByState, ValuesPercentage, ReportNumCpu,
 * ReportGuestState and SubtractGuestState, read from {@code /proc/stat}: {@code cpu.count}, and
 * {@code cpu.<n>.percent.<state>}, each state's share of the CPU's ticks since the last call.
 * Guest time is counted by the kernel inside user (and guest_nice inside nice), so it is
 * subtracted from them, as collectd does, and the shares add up to 100.
 */
public final class CpuCollector implements Collector {

    /** The states in /proc/stat column order (after the cpuN label). */
    private static final String[] STATES = {"user", "nice", "system", "idle", "wait",
        "interrupt", "softirq", "steal", "guest", "guest_nice"};
    private static final int USER = 0;
    private static final int NICE = 1;
    private static final int GUEST = 8;
    private static final int GUEST_NICE = 9;

    private final ProcFiles proc;
    private Map<Integer, long[]> previous = Map.of();

    public CpuCollector(ProcFiles proc) {
        this.proc = proc;
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public void collect(Instant now, MetricSink sink) {
        Map<Integer, long[]> ticks = perCpuTicks(proc.lines("stat"));
        sink.put("cpu.count", ticks.size());
        for (Map.Entry<Integer, long[]> cpu : ticks.entrySet()) {
            long[] before = previous.get(cpu.getKey());
            if (before != null) {
                putPercentages(cpu.getKey(), before, cpu.getValue(), sink);
            }
        }
        previous = ticks;
    }

    /** The cpuN lines of /proc/stat, by N; states a kernel does not report are 0. */
    static Map<Integer, long[]> perCpuTicks(List<String> stat) {
        Map<Integer, long[]> ticks = new HashMap<>();
        for (String line : stat) {
            if (!line.startsWith("cpu") || line.length() < 4
                    || !Character.isDigit(line.charAt(3))) {
                continue;
            }
            String[] fields = ProcFields.words(line);
            long[] values = new long[STATES.length];
            for (int i = 0; i < STATES.length && i + 1 < fields.length; i++) {
                values[i] = Long.parseLong(fields[i + 1]);
            }
            ticks.put(Integer.parseInt(fields[0].substring(3)), values);
        }
        return ticks;
    }

    static void putPercentages(int cpu, long[] before, long[] after, MetricSink sink) {
        long[] delta = new long[STATES.length];
        for (int i = 0; i < STATES.length; i++) {
            delta[i] = Math.max(0, after[i] - before[i]);
        }
        delta[USER] = Math.max(0, delta[USER] - delta[GUEST]);
        delta[NICE] = Math.max(0, delta[NICE] - delta[GUEST_NICE]);
        long total = 0;
        for (long d : delta) {
            total += d;
        }
        if (total == 0) {
            return;
        }
        for (int i = 0; i < STATES.length; i++) {
            sink.put("cpu." + cpu + ".percent." + STATES[i], 100.0 * delta[i] / total);
        }
    }
}
