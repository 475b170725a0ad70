package org.dkumonitor.agent.collect;

import static org.dkumonitor.agent.collect.ProcessSample.COUNTERS;
import static org.dkumonitor.agent.collect.ProcessSample.INVOLUNTARY;
import static org.dkumonitor.agent.collect.ProcessSample.MAJFLT;
import static org.dkumonitor.agent.collect.ProcessSample.MINFLT;
import static org.dkumonitor.agent.collect.ProcessSample.RCHAR;
import static org.dkumonitor.agent.collect.ProcessSample.STIME;
import static org.dkumonitor.agent.collect.ProcessSample.UTIME;
import static org.dkumonitor.agent.collect.ProcessSample.VOLUNTARY;

import java.util.Arrays;

/**
 * Reads what the processes collector sends of one process of a group: from its stat (already
 * read by the collector's loop), its {@code status} (VmData, VmExe + VmLib, Threads), its
 * {@code io} (rchar ... write_bytes; only the agent user's own processes without root), the
 * {@code status} of each of its threads (context switches, as collectd sums them) and the lines
 * of its {@code maps}. The files are read into one reused buffer rather than as strings: a JVM
 * has dozens of threads, and their status files made most of the agent's garbage.
 */
final class ProcessReader {

    private static final byte[] VM_DATA = ProcFields.key("VmData");
    private static final byte[] VM_EXE = ProcFields.key("VmExe");
    private static final byte[] VM_LIB = ProcFields.key("VmLib");
    private static final byte[] THREADS = ProcFields.key("Threads");
    private static final byte[] VOLUNTARY_SWITCHES = ProcFields.key("voluntary_ctxt_switches");
    private static final byte[] INVOLUNTARY_SWITCHES =
            ProcFields.key("nonvoluntary_ctxt_switches");
    /** rchar, wchar, syscr, syscw, read_bytes, write_bytes: counters RCHAR to WRITE_BYTES. */
    private static final byte[][] IO_FIELDS = {ProcFields.key("rchar"), ProcFields.key("wchar"),
        ProcFields.key("syscr"), ProcFields.key("syscw"), ProcFields.key("read_bytes"),
        ProcFields.key("write_bytes")};

    private final ProcFiles proc;
    private final long pageSize;
    private final byte[] fileBuffer = new byte[8192];

    ProcessReader(ProcFiles proc, long pageSize) {
        this.proc = proc;
        this.pageSize = pageSize;
    }

    /** The sample of process {@code pid}, whose stat (with every field to KSTKESP) is read. */
    ProcessSample read(String pid, ProcStat stat) {
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
        readContextSwitches(pid, c);
        long maps = Math.max(0, proc.countLines(pid + "/maps", fileBuffer));
        return new ProcessSample(key, Math.max(1, threads), vm, rss, data, code, stack, maps, c);
    }

    /** The sums over the process's threads, left -1 when no thread's status was readable. */
    private void readContextSwitches(String pid, long[] c) {
        long voluntary = 0;
        long involuntary = 0;
        boolean switches = false;
        String tasks = pid + "/task/";
        for (String task : proc.numericEntries(tasks)) {
            int length = proc.readInto(tasks + task + "/status", fileBuffer);
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
    }
}
