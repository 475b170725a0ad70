package org.dkumonitor.agent.collect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dkumonitor.agent.naming.MetricPaths;

/**
 * collectd's processes plugin on Linux with ProcessMatch groups, CollectContextSwitch and
 * CollectMemoryMaps, from {@code /proc}:
 * <ul>
 * <li>{@code processes.ps_state.<state>}: processes sleeping (S), blocked (D), zombies (Z),
 *     stopped (T), paging (W), and running from {@code procs_running} of {@code /proc/stat}
 *     (a scan sees almost none running, so collectd reads the kernel's count);
 * <li>{@code processes.fork_rate}: processes created per second;
 * <li>per group: {@code ps_count.processes|threads}, {@code ps_vm}, {@code ps_rss},
 *     {@code ps_data}, {@code ps_code}, {@code ps_stacksize} (bytes), and per second
 *     {@code ps_cputime.user|syst} (microseconds of CPU), {@code ps_pagefaults.minflt|majflt},
 *     {@code io_octets.rx|tx} (rchar/wchar), {@code io_ops.read|write} (syscr/syscw),
 *     {@code disk_octets.read|write} (read_bytes/write_bytes), {@code contextswitch.voluntary|
 *     involuntary}; and {@code file_handles.mapped}, the number of memory maps.
 * </ul>
 * A group's rates sum the counter increases of its processes since the previous round (a process
 * is keyed by pid and start time). A process that was not there in the previous round started
 * during the interval, so all of its counters count, as collectd counts them: short-lived
 * processes (builds, jobs) show up in the group's CPU and I/O. {@code /proc/PID/io} of another
 * user's process is only readable by root: without root the io and disk rates cover the agent
 * user's processes only, and are not sent for a group where none is readable. A group that
 * matches nothing sends zeros for counts, sizes and rates, as collectd does.
 */
public final class ProcessesCollector implements Collector {

    private static final String[] STATES = {"running", "sleeping", "zombies", "stopped",
        "paging", "blocked"};
    private static final char[] STATE_LETTERS = {'R', 'S', 'Z', 'T', 'W', 'D'};

    /** The counters of a process before it started. */
    private static final long[] NEW_PROCESS = new long[ProcessSample.COUNTERS];

    private final ProcFiles proc;
    private final List<ProcessGroup> groups;
    private final long ticksPerSecond;
    private final ProcessReader reader;
    private final Rates rates = new Rates();
    /** /proc/PID/stat of the process being read. */
    private final ProcStat stat = new ProcStat();
    private final CommandLine commandLine = new CommandLine();
    private Map<String, long[]> previousCounters = Map.of();
    private Instant previousTime;

    public ProcessesCollector(ProcFiles proc, List<ProcessGroup> groups, long pageSize,
            long ticksPerSecond) {
        this.proc = proc;
        this.groups = List.copyOf(groups);
        this.ticksPerSecond = ticksPerSecond;
        this.reader = new ProcessReader(proc, pageSize);
    }

    @Override
    public String name() {
        return "processes";
    }

    @Override
    public void collect(Instant now, MetricSink sink) {
        int[] states = new int[128];
        Map<String, GroupTotals> totals = new HashMap<>();
        for (ProcessGroup group : groups) {
            totals.put(group.name(), new GroupTotals());
        }
        Map<String, long[]> counters = new HashMap<>();
        for (String pid : proc.numericEntries("")) {
            // most processes are only counted by state and matched against the groups: that
            // much is read into reused buffers, and only a group member's files are read whole
            if (!stat.read(proc, pid + "/stat")) {
                continue;
            }
            char state = stat.state();
            List<ProcessGroup> matched = matchingGroups(pid);
            if (!matched.isEmpty() && stat.fields() < ProcStat.KSTKESP) {
                continue;
            }
            if (state < states.length) {
                states[state]++;
            }
            if (matched.isEmpty() || state == 'Z') {
                continue;
            }
            ProcessSample sample = reader.read(pid, stat);
            counters.put(sample.key(), sample.counters());
            long[] before = previousTime == null ? null
                    : previousCounters.getOrDefault(sample.key(), NEW_PROCESS);
            for (ProcessGroup group : matched) {
                totals.get(group.name()).add(sample, before);
            }
        }
        String kernelStat = proc.read("stat");
        states['R'] = (int) statValue(kernelStat, "procs_running");
        for (int i = 0; i < STATES.length; i++) {
            sink.put("processes.ps_state." + STATES[i], states[STATE_LETTERS[i]]);
        }
        double forks = rates.perSecond("forks", statValue(kernelStat, "processes"), now);
        if (!Double.isNaN(forks)) {
            sink.put("processes.fork_rate", forks);
        }
        rates.endRound();
        double seconds = previousTime == null ? Double.NaN
                : (now.toEpochMilli() - previousTime.toEpochMilli()) / 1000.0;
        for (ProcessGroup group : groups) {
            totals.get(group.name()).report("processes." + MetricPaths.escapeNode(group.name()),
                    seconds, ticksPerSecond, sink);
        }
        previousCounters = counters;
        previousTime = now;
    }

    /**
     * The groups whose regex the process's command line (arguments joined by spaces, read into
     * {@link #commandLine}'s buffer) contains, or {@code [comm]} when it has none (a kernel
     * thread), read from {@link #stat}.
     */
    private List<ProcessGroup> matchingGroups(String pid) {
        if (groups.isEmpty()) {
            return List.of();
        }
        CharSequence text = commandLine.read(proc, pid + "/cmdline");
        if (text.length() == 0) {
            text = "[" + stat.comm() + "]";
        }
        List<ProcessGroup> matched = List.of();
        for (ProcessGroup group : groups) {
            if (group.matches(text)) {
                if (matched.isEmpty()) {
                    matched = new ArrayList<>(1);
                }
                matched.add(group);
            }
        }
        return matched;
    }

    /** A {@code name value} line of /proc/stat, or 0 when absent. */
    static long statValue(String stat, String name) {
        String key = name + " ";
        int at = stat.startsWith(key) ? 0 : stat.indexOf("\n" + key);
        if (at < 0) {
            return 0;
        }
        int start = at == 0 ? key.length() : at + 1 + key.length();
        int end = stat.indexOf('\n', start);
        return Long.parseLong(stat.substring(start, end < 0 ? stat.length() : end).trim());
    }
}
