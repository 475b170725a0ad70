package org.dkumonitor.agent.collect;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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

    /** Per-process counters, in this order: the index into {@link Sample#counters}. */
    private static final int UTIME = 0;
    private static final int STIME = 1;
    private static final int MINFLT = 2;
    private static final int MAJFLT = 3;
    private static final int RCHAR = 4;
    private static final int WCHAR = 5;
    private static final int SYSCR = 6;
    private static final int SYSCW = 7;
    private static final int READ_BYTES = 8;
    private static final int WRITE_BYTES = 9;
    private static final int VOLUNTARY = 10;
    private static final int INVOLUNTARY = 11;
    private static final int COUNTERS = 12;

    private static final byte[] VM_DATA = ProcFields.key("VmData");
    private static final byte[] VM_EXE = ProcFields.key("VmExe");
    private static final byte[] VM_LIB = ProcFields.key("VmLib");
    private static final byte[] THREADS = ProcFields.key("Threads");
    private static final byte[] VOLUNTARY_SWITCHES = ProcFields.key("voluntary_ctxt_switches");
    private static final byte[] INVOLUNTARY_SWITCHES =
            ProcFields.key("nonvoluntary_ctxt_switches");
    private static final byte[][] IO_FIELDS = {ProcFields.key("rchar"), ProcFields.key("wchar"),
        ProcFields.key("syscr"), ProcFields.key("syscw"), ProcFields.key("read_bytes"),
        ProcFields.key("write_bytes")};

    /** collectd reads a command line into 4096 bytes, its terminating NUL included. */
    private static final int MAX_COMMAND_LINE = 4095;

    /** The counters of a process before it started. */
    private static final long[] NEW_PROCESS = new long[COUNTERS];

    private final ProcFiles proc;
    private final List<ProcessGroup> groups;
    private final long pageSize;
    private final long ticksPerSecond;
    private final Rates rates = new Rates();
    /** /proc/PID/stat of the process being read. */
    private final ProcStat stat = new ProcStat();
    /**
     * The status, io and maps files of a group member and the status of each of its threads
     * (a JVM has dozens): read into this reused buffer rather than as strings, which made most
     * of the agent's garbage.
     */
    private final byte[] fileBuffer = new byte[8192];
    private final CommandLine commandLine = new CommandLine();
    private Map<String, long[]> previousCounters = Map.of();
    private Instant previousTime;

    public ProcessesCollector(ProcFiles proc, List<ProcessGroup> groups, long pageSize,
            long ticksPerSecond) {
        this.proc = proc;
        this.groups = List.copyOf(groups);
        this.pageSize = pageSize;
        this.ticksPerSecond = ticksPerSecond;
    }

    @Override
    public String name() {
        return "processes";
    }

    /** One process's reading; counters are -1 where unreadable. */
    private record Sample(String key, long threads, long vm, long rss, long data, long code,
            long stack, long maps, long[] counters) {
    }

    private static final class Totals {
        long processes;
        long threads;
        long vm;
        long rss;
        long data;
        long code;
        long stack;
        long maps;
        final long[] increase = new long[COUNTERS];
        final boolean[] readable = new boolean[COUNTERS];
    }

    @Override
    public void collect(Instant now, MetricSink sink) {
        int[] states = new int[128];
        Map<String, Totals> totals = new HashMap<>();
        for (ProcessGroup group : groups) {
            totals.put(group.name(), new Totals());
        }
        Map<String, long[]> counters = new HashMap<>();
        for (String pid : proc.numericEntries("")) {
            // most processes are only counted by state and matched against the groups: that
            // much is read into reused buffers, and only a group member's files become strings
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
            Sample sample = sample(pid);
            counters.put(sample.key(), sample.counters());
            long[] before = previousTime == null ? null
                    : previousCounters.getOrDefault(sample.key(), NEW_PROCESS);
            for (ProcessGroup group : matched) {
                add(totals.get(group.name()), sample, before);
            }
        }
        String stat = proc.read("stat");
        states['R'] = (int) statValue(stat, "procs_running");
        char[] letters = {'R', 'S', 'Z', 'T', 'W', 'D'};
        for (int i = 0; i < STATES.length; i++) {
            sink.put("processes.ps_state." + STATES[i], states[letters[i]]);
        }
        double forks = rates.perSecond("forks", statValue(stat, "processes"), now);
        if (!Double.isNaN(forks)) {
            sink.put("processes.fork_rate", forks);
        }
        rates.endRound();
        double seconds = previousTime == null ? Double.NaN
                : (now.toEpochMilli() - previousTime.toEpochMilli()) / 1000.0;
        for (ProcessGroup group : groups) {
            report("processes." + MetricPaths.escapeNode(group.name()), totals.get(group.name()),
                    seconds, sink);
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

    /**
     * A command line as collectd reads it (at most {@value #MAX_COMMAND_LINE} bytes, NULs as
     * spaces, trailing whitespace dropped), as characters over a reused byte buffer: the regexes
     * search it without a string being made for each of the host's processes every round.
     */
    static final class CommandLine implements CharSequence {

        private final byte[] bytes = new byte[MAX_COMMAND_LINE];
        private int length;

        /** Reads the file; empty when it is gone, unreadable or empty. */
        CharSequence read(ProcFiles proc, String relative) {
            int n = proc.readInto(relative, bytes);
            while (n > 0 && Character.isWhitespace(charAt(n - 1))) {
                n--;
            }
            length = Math.max(0, n);
            return this;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            byte b = bytes[index];
            return b == 0 ? ' ' : (char) (b & 0xff);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return toString().substring(start, end);
        }

        @Override
        public String toString() {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1).replace('\0', ' ');
        }
    }

    static String joinArguments(String cmdline) {
        String joined = cmdline.replace('\0', ' ');
        int end = joined.length();
        while (end > 0 && Character.isWhitespace(joined.charAt(end - 1))) {
            end--;
        }
        return joined.substring(0, end);
    }

    /** The sample of the process whose stat {@link #stat} holds. */
    private Sample sample(String pid) {
        long[] c = new long[COUNTERS];
        Arrays.fill(c, -1);
        c[MINFLT] = stat.number(ProcStat.MINFLT);
        c[MAJFLT] = stat.number(ProcStat.MAJFLT);
        c[UTIME] = stat.number(ProcStat.UTIME);
        c[STIME] = stat.number(ProcStat.STIME);
        long threads = stat.number(ProcStat.NUM_THREADS);
        long vm = stat.number(ProcStat.VSIZE);
        long rss = stat.number(ProcStat.RSS) * pageSize;
        long stack = Math.abs(stat.number(ProcStat.START_STACK) - stat.number(ProcStat.KSTKESP));
        String key = pid + "@" + stat.text(ProcStat.START_TIME);
        long data = 0;
        long code = 0;
        int length = proc.readInto(pid + "/status", fileBuffer);
        if (length > 0) {
            data = Math.max(0, ProcFields.field(fileBuffer, length, VM_DATA)) * 1024;
            code = (Math.max(0, ProcFields.field(fileBuffer, length, VM_EXE))
                    + Math.max(0, ProcFields.field(fileBuffer, length, VM_LIB))) * 1024;
            long fromStatus = ProcFields.field(fileBuffer, length, THREADS);
            threads = fromStatus > 0 ? fromStatus : threads;
        }
        length = proc.readInto(pid + "/io", fileBuffer);
        if (length > 0) {
            for (int i = 0; i < IO_FIELDS.length; i++) {
                c[RCHAR + i] = ProcFields.field(fileBuffer, length, IO_FIELDS[i]);
            }
        }
        long voluntary = 0;
        long involuntary = 0;
        boolean switches = false;
        String tasks = pid + "/task/";
        for (String task : proc.numericEntries(tasks)) {
            length = proc.readInto(tasks + task + "/status", fileBuffer);
            if (length > 0) {
                voluntary += Math.max(0,
                        ProcFields.field(fileBuffer, length, VOLUNTARY_SWITCHES));
                involuntary += Math.max(0,
                        ProcFields.field(fileBuffer, length, INVOLUNTARY_SWITCHES));
                switches = true;
            }
        }
        if (switches) {
            c[VOLUNTARY] = voluntary;
            c[INVOLUNTARY] = involuntary;
        }
        long maps = Math.max(0, proc.countLines(pid + "/maps", fileBuffer));
        return new Sample(key, Math.max(1, threads), vm, rss, data, code, stack, maps, c);
    }

    private static void add(Totals t, Sample s, long[] before) {
        t.processes++;
        t.threads += s.threads();
        t.vm += s.vm();
        t.rss += s.rss();
        t.data += s.data();
        t.code += s.code();
        t.stack += s.stack();
        t.maps += s.maps();
        for (int i = 0; i < COUNTERS; i++) {
            if (s.counters()[i] < 0) {
                continue;
            }
            t.readable[i] = true;
            if (before != null && before[i] >= 0 && s.counters()[i] >= before[i]) {
                t.increase[i] += s.counters()[i] - before[i];
            }
        }
    }

    private void report(String path, Totals t, double seconds, MetricSink sink) {
        sink.put(path + ".ps_count.processes", t.processes);
        sink.put(path + ".ps_count.threads", t.threads);
        sink.put(path + ".ps_vm", t.vm);
        sink.put(path + ".ps_rss", t.rss);
        sink.put(path + ".ps_data", t.data);
        sink.put(path + ".ps_code", t.code);
        sink.put(path + ".ps_stacksize", t.stack);
        if (t.maps > 0) {
            sink.put(path + ".file_handles.mapped", t.maps);
        }
        if (!(seconds > 0)) {
            return;
        }
        double microsPerTick = 1_000_000.0 / ticksPerSecond;
        sink.put(path + ".ps_cputime.user", t.increase[UTIME] * microsPerTick / seconds);
        sink.put(path + ".ps_cputime.syst", t.increase[STIME] * microsPerTick / seconds);
        sink.put(path + ".ps_pagefaults.minflt", t.increase[MINFLT] / seconds);
        sink.put(path + ".ps_pagefaults.majflt", t.increase[MAJFLT] / seconds);
        pair(sink, path + ".io_octets.rx", path + ".io_octets.tx", t, RCHAR, WCHAR, seconds);
        pair(sink, path + ".io_ops.read", path + ".io_ops.write", t, SYSCR, SYSCW, seconds);
        pair(sink, path + ".disk_octets.read", path + ".disk_octets.write", t, READ_BYTES,
                WRITE_BYTES, seconds);
        pair(sink, path + ".contextswitch.voluntary", path + ".contextswitch.involuntary", t,
                VOLUNTARY, INVOLUNTARY, seconds);
    }

    private static void pair(MetricSink sink, String first, String second, Totals t, int a,
            int b, double seconds) {
        if (t.readable[a] && t.readable[b]) {
            sink.put(first, t.increase[a] / seconds);
            sink.put(second, t.increase[b] / seconds);
        }
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
