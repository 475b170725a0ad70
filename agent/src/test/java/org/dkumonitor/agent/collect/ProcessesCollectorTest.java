package org.dkumonitor.agent.collect;

import static org.dkumonitor.agent.collect.FakeProc.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProcessesCollectorTest {

    private static final List<ProcessGroup> GROUPS = List.of(
            ProcessGroup.of("java", "^(/[^ ]*/)?java( .*)?$"),
            ProcessGroup.of("dss_backend", ".*java -Ddku\\.backend .*"),
            ProcessGroup.of("nothing", "^no-such-program$"),
            ProcessGroup.of("kworkers", "^\\[kworker"));

    /** A /proc/PID/stat line: the fields the collector reads, zeros elsewhere. */
    private static String stat(int pid, String comm, char state, long minflt, long majflt,
            long utime, long stime, int threads, long start, long vsize, long rssPages) {
        return pid + " (" + comm + ") " + state + " 1 1 1 0 -1 4194304 " + minflt + " 0 "
                + majflt + " 0 " + utime + " " + stime + " 0 0 20 0 " + threads + " 0 " + start
                + " " + vsize + " " + rssPages + " 18446744073709551615 1 2 140000 139000 0 0 0"
                + " 0 0 0 0 0 0 17 0 0 0 0 0 0\n";
    }

    private static void backend(FakeProc proc, long minflt, long utime, long rchar, long vol) {
        proc.write("100/stat", stat(100, "java", 'S', minflt, 1, utime, 50, 30, 5000,
                        4_000_000_000L, 50_000))
                .write("100/cmdline", "/usr/bin/java\0-Ddku.backend\0-Xmx2g\0Main\0")
                .write("100/status", "Name:\tjava\nVmData:\t  200000 kB\nVmExe:\t  10 kB\n"
                        + "VmLib:\t  20000 kB\nThreads:\t31\n")
                .write("100/io", "rchar: " + rchar + "\nwchar: 2000\nsyscr: 30\nsyscw: 40\n"
                        + "read_bytes: 4096\nwrite_bytes: 8192\ncancelled_write_bytes: 0\n")
                .write("100/task/100/status", "voluntary_ctxt_switches:\t" + vol
                        + "\nnonvoluntary_ctxt_switches:\t5\n")
                .write("100/task/101/status", "voluntary_ctxt_switches:\t" + vol
                        + "\nnonvoluntary_ctxt_switches:\t7\n")
                .write("100/maps", "a\nb\nc\n");
    }

    private static FakeProc host() {
        FakeProc proc = new FakeProc()
                .write("stat", "cpu  1 1 1 1\nprocesses 1000\nprocs_running 3\nprocs_blocked 0\n")
                .write("1/stat", stat(1, "init", 'S', 1, 0, 1, 1, 1, 1, 1000, 10))
                .write("1/cmdline", "/sbin/init\0")
                .write("2/stat", stat(2, "kworker/0:1", 'I', 0, 0, 0, 0, 1, 2, 0, 0))
                .write("2/cmdline", "")
                .write("3/stat", stat(3, "defunct (x)", 'Z', 0, 0, 0, 0, 1, 3, 0, 0))
                .write("4/stat", stat(4, "cp", 'D', 0, 0, 0, 0, 1, 4, 1000, 10))
                .write("4/cmdline", "cp\0a\0b\0")
                .write("5/stat", stat(5, "vi", 'T', 0, 0, 0, 0, 1, 5, 1000, 10))
                .write("5/cmdline", "vi\0")
                .write("self/stat", "not a process directory");
        backend(proc, 1000, 200, 1000, 10);
        return proc;
    }

    @Test
    void countsStatesWithRunningFromTheKernelsCount() {
        Map<String, Double> values = FakeProc.collect(collector(host()), T0);
        assertEquals(3.0, values.get("processes.ps_state.running"));
        assertEquals(2.0, values.get("processes.ps_state.sleeping"));
        assertEquals(1.0, values.get("processes.ps_state.blocked"));
        assertEquals(1.0, values.get("processes.ps_state.zombies"));
        assertEquals(1.0, values.get("processes.ps_state.stopped"));
        assertEquals(0.0, values.get("processes.ps_state.paging"));
    }

    @Test
    void sendsAGroupsSizesOnTheFirstRoundAndItsRatesFromTheSecond() {
        FakeProc proc = host();
        ProcessesCollector collector = collector(proc);
        Map<String, Double> first = group(FakeProc.collect(collector, T0), "dss_backend");
        assertEquals(new TreeMap<>(Map.of(
                "ps_count.processes", 1.0, "ps_count.threads", 31.0,
                "ps_vm", 4_000_000_000.0, "ps_rss", 50_000 * 4096.0,
                "ps_data", 200_000 * 1024.0, "ps_code", 20_010 * 1024.0,
                "ps_stacksize", 1000.0, "file_handles.mapped", 3.0)), first);
        assertFalse(FakeProc.collect(collector, T0).containsKey("processes.fork_rate"));

        backend(proc, 1500, 300, 11_000, 20);
        proc.write("stat", "cpu  1 1 1 1\nprocesses 1050\nprocs_running 1\nprocs_blocked 0\n");
        Map<String, Double> all = FakeProc.collect(collector, T0.plusSeconds(10));
        Map<String, Double> second = group(all, "dss_backend");
        assertEquals(100 * 10_000 / 10.0, second.get("ps_cputime.user"), 1e-9);
        assertEquals(0.0, second.get("ps_cputime.syst"));
        assertEquals(50.0, second.get("ps_pagefaults.minflt"));
        assertEquals(0.0, second.get("ps_pagefaults.majflt"));
        assertEquals(1000.0, second.get("io_octets.rx"));
        assertEquals(0.0, second.get("io_octets.tx"));
        assertEquals(0.0, second.get("io_ops.read"));
        assertEquals(0.0, second.get("disk_octets.write"));
        assertEquals(2.0, second.get("contextswitch.voluntary"));
        assertEquals(0.0, second.get("contextswitch.involuntary"));
        assertEquals(5.0, all.get("processes.fork_rate"));
    }

    @Test
    void matchesTheCommandLineAndKernelThreadsByTheirBracketedName() {
        Map<String, Double> values = FakeProc.collect(collector(host()), T0);
        assertEquals(1.0, values.get("processes.java.ps_count.processes"));
        assertEquals(1.0, values.get("processes.kworkers.ps_count.processes"));
    }

    @Test
    void aGroupThatMatchesNothingSendsZerosAndNoIoOrContextSwitches() {
        FakeProc proc = host();
        ProcessesCollector collector = collector(proc);
        FakeProc.collect(collector, T0);
        Map<String, Double> nothing = group(FakeProc.collect(collector, T0.plusSeconds(10)),
                "nothing");
        assertEquals(new TreeMap<>(Map.ofEntries(
                Map.entry("ps_count.processes", 0.0), Map.entry("ps_count.threads", 0.0),
                Map.entry("ps_vm", 0.0), Map.entry("ps_rss", 0.0), Map.entry("ps_data", 0.0),
                Map.entry("ps_code", 0.0), Map.entry("ps_stacksize", 0.0),
                Map.entry("ps_cputime.user", 0.0), Map.entry("ps_cputime.syst", 0.0),
                Map.entry("ps_pagefaults.minflt", 0.0),
                Map.entry("ps_pagefaults.majflt", 0.0))), nothing);
    }

    @Test
    void aProcessWhoseIoIsNotReadableGivesNoIoRates() {
        FakeProc proc = host().delete("100/io");
        ProcessesCollector collector = collector(proc);
        FakeProc.collect(collector, T0);
        Map<String, Double> values = group(FakeProc.collect(collector, T0.plusSeconds(10)),
                "dss_backend");
        assertFalse(values.containsKey("io_octets.rx"));
        assertFalse(values.containsKey("disk_octets.read"));
        assertTrue(values.containsKey("contextswitch.voluntary"));
    }

    @Test
    void aProcessThatStartedDuringTheIntervalCountsAllItsCounters() {
        FakeProc proc = host();
        ProcessesCollector collector = collector(proc);
        FakeProc.collect(collector, T0);
        proc.delete("100");
        proc.write("200/stat", stat(200, "java", 'S', 90_000, 0, 80_000, 0, 2, 9000, 1, 1))
                .write("200/cmdline", "java\0-Ddku.backend\0Main\0");
        Map<String, Double> values = group(FakeProc.collect(collector, T0.plusSeconds(10)),
                "dss_backend");
        assertEquals(1.0, values.get("ps_count.processes"));
        assertEquals(80_000 * 10_000 / 10.0, values.get("ps_cputime.user"));
        assertEquals(9_000.0, values.get("ps_pagefaults.minflt"));
    }

    @Test
    void processesAlreadyRunningAtTheFirstRoundCountOnlyWhatTheyDoAfterIt() {
        FakeProc proc = host();
        ProcessesCollector collector = collector(proc);
        FakeProc.collect(collector, T0);
        Map<String, Double> values = group(FakeProc.collect(collector, T0.plusSeconds(10)),
                "dss_backend");
        assertEquals(0.0, values.get("ps_cputime.user"));
        assertEquals(0.0, values.get("ps_pagefaults.minflt"));
    }

    private static ProcessesCollector collector(FakeProc proc) {
        return new ProcessesCollector(proc.files(), GROUPS, 4096, 100);
    }

    private static Map<String, Double> group(Map<String, Double> values, String name) {
        String prefix = "processes." + name + ".";
        Map<String, Double> group = new TreeMap<>();
        values.forEach((path, value) -> {
            if (path.startsWith(prefix)) {
                group.put(path.substring(prefix.length()), value);
            }
        });
        return group;
    }
}
