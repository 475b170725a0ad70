package org.dkumonitor.agent.collect;

import static org.dkumonitor.agent.collect.ProcessSample.COUNTERS;
import static org.dkumonitor.agent.collect.ProcessSample.INVOLUNTARY;
import static org.dkumonitor.agent.collect.ProcessSample.MAJFLT;
import static org.dkumonitor.agent.collect.ProcessSample.MINFLT;
import static org.dkumonitor.agent.collect.ProcessSample.RCHAR;
import static org.dkumonitor.agent.collect.ProcessSample.READ_BYTES;
import static org.dkumonitor.agent.collect.ProcessSample.STIME;
import static org.dkumonitor.agent.collect.ProcessSample.SYSCR;
import static org.dkumonitor.agent.collect.ProcessSample.SYSCW;
import static org.dkumonitor.agent.collect.ProcessSample.UTIME;
import static org.dkumonitor.agent.collect.ProcessSample.VOLUNTARY;
import static org.dkumonitor.agent.collect.ProcessSample.WCHAR;
import static org.dkumonitor.agent.collect.ProcessSample.WRITE_BYTES;

/**
 * What one process group sends for one round: the sum of its processes' sizes, and of the
 * increase of their counters since the previous round, sent per second. A counter is sent only
 * when at least one process had it readable, and io and disk rates only in pairs, as collectd
 * sends them; a counter that went back adds nothing.
 */
final class GroupTotals {

    private long processes;
    private long threads;
    private long vm;
    private long rss;
    private long data;
    private long code;
    private long stack;
    private long maps;
    private final long[] increase = new long[COUNTERS];
    private final boolean[] readable = new boolean[COUNTERS];

    /**
     * Adds a process; {@code before} holds its counters at the previous round (zeros for one
     * that started since), null on the first round, when no rate is sent.
     */
    void add(ProcessSample s, long[] before) {
        processes++;
        threads += s.threads();
        vm += s.vm();
        rss += s.rss();
        data += s.data();
        code += s.code();
        stack += s.stack();
        maps += s.maps();
        long[] counters = s.counters();
        for (int i = 0; i < COUNTERS; i++) {
            if (counters[i] < 0) {
                continue;
            }
            readable[i] = true;
            if (before != null && before[i] >= 0 && counters[i] >= before[i]) {
                increase[i] += counters[i] - before[i];
            }
        }
    }

    /** Sends the totals under {@code path}; rates only when {@code seconds} is positive. */
    void report(String path, double seconds, long ticksPerSecond, MetricSink sink) {
        sink.put(path + ".ps_count.processes", processes);
        sink.put(path + ".ps_count.threads", threads);
        sink.put(path + ".ps_vm", vm);
        sink.put(path + ".ps_rss", rss);
        sink.put(path + ".ps_data", data);
        sink.put(path + ".ps_code", code);
        sink.put(path + ".ps_stacksize", stack);
        if (maps > 0) {
            sink.put(path + ".file_handles.mapped", maps);
        }
        if (!(seconds > 0)) {
            return;
        }
        double microsPerTick = 1_000_000.0 / ticksPerSecond;
        sink.put(path + ".ps_cputime.user", increase[UTIME] * microsPerTick / seconds);
        sink.put(path + ".ps_cputime.syst", increase[STIME] * microsPerTick / seconds);
        sink.put(path + ".ps_pagefaults.minflt", increase[MINFLT] / seconds);
        sink.put(path + ".ps_pagefaults.majflt", increase[MAJFLT] / seconds);
        pair(sink, path + ".io_octets.rx", path + ".io_octets.tx", RCHAR, WCHAR, seconds);
        pair(sink, path + ".io_ops.read", path + ".io_ops.write", SYSCR, SYSCW, seconds);
        pair(sink, path + ".disk_octets.read", path + ".disk_octets.write", READ_BYTES,
                WRITE_BYTES, seconds);
        pair(sink, path + ".contextswitch.voluntary", path + ".contextswitch.involuntary",
                VOLUNTARY, INVOLUNTARY, seconds);
    }

    private void pair(MetricSink sink, String first, String second, int a, int b,
            double seconds) {
        if (readable[a] && readable[b]) {
            sink.put(first, increase[a] / seconds);
            sink.put(second, increase[b] / seconds);
        }
    }
}
