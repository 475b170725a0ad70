package org.dkumonitor.agent.collect;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.dkumonitor.agent.naming.MetricPaths;

/**
 * collectd's disk plugin on Linux, from {@code /proc/diskstats}, for every block device (whole
 * disks and partitions) that has done at least one read or write since boot:
 * <ul>
 * <li>{@code disk.<dev>.disk_octets.read|write}: bytes per second (sectors of 512 bytes);
 * <li>{@code disk.<dev>.disk_ops.read|write}: operations per second;
 * <li>{@code disk.<dev>.disk_merged.read|write}: merged requests per second;
 * <li>{@code disk.<dev>.disk_time.read|write}: the average milliseconds one operation took during
 *     the interval (collectd adds interval × average to a counter and sends its rate, which is the
 *     average itself); 0 when there was no operation;
 * <li>{@code disk.<dev>.disk_io_time.io_time|weighted_io_time}: milliseconds busy (and weighted
 *     by the queue length) per second;
 * <li>{@code disk.<dev>.pending_operations}: operations in flight at the reading.
 * </ul>
 * A device is reported from its second reading on, as collectd skips a new disk's first cycle.
 * As in collectd, merged, io_time and pending_operations are sent for a device only once its
 * counter has been seen non-zero, and from then on always.
 */
public final class DiskCollector implements Collector {

    private static final int SECTOR = 512;

    private final ProcFiles proc;
    private final Rates rates = new Rates();
    private Map<String, long[]> previous = Map.of();
    /** Devices whose merged, in-progress and busy-time counters have been seen non-zero. */
    private final Set<String> hasMerged = new HashSet<>();
    private final Set<String> hasInProgress = new HashSet<>();
    private final Set<String> hasIoTime = new HashSet<>();

    public DiskCollector(ProcFiles proc) {
        this.proc = proc;
    }

    @Override
    public String name() {
        return "disk";
    }

    @Override
    public void collect(Instant now, MetricSink sink) {
        Map<String, long[]> current = new HashMap<>();
        for (String line : proc.lines("diskstats")) {
            String[] f = ProcFields.words(line);
            if (f.length < 14) {
                continue;
            }
            long[] v = new long[11];
            for (int i = 0; i < v.length; i++) {
                v[i] = Long.parseLong(f[i + 3]);
            }
            String device = f[2];
            current.put(device, v);
            double[] perSecond = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                double scale = i == 2 || i == 6 ? SECTOR : 1;
                perSecond[i] = rates.perSecond(device + '/' + i, v[i] * scale, now);
            }
            if (v[1] != 0 || v[5] != 0) {
                hasMerged.add(device);
            }
            if (v[8] != 0) {
                hasInProgress.add(device);
            }
            if (v[9] != 0) {
                hasIoTime.add(device);
            }
            long[] before = previous.get(device);
            if (before != null && (v[0] != 0 || v[4] != 0)) {
                report("disk." + MetricPaths.escapeNode(device), device, before, v, perSecond,
                        sink);
            }
        }
        previous = current;
        hasMerged.retainAll(current.keySet());
        hasInProgress.retainAll(current.keySet());
        hasIoTime.retainAll(current.keySet());
        rates.endRound();
    }

    // v: 0 reads, 1 reads merged, 2 sectors read, 3 ms reading, 4 writes, 5 writes merged,
    //    6 sectors written, 7 ms writing, 8 in progress, 9 ms doing I/O, 10 weighted ms
    private void report(String path, String device, long[] before, long[] v,
            double[] perSecond, MetricSink sink) {
        put(sink, path + ".disk_octets.read", perSecond[2]);
        put(sink, path + ".disk_octets.write", perSecond[6]);
        put(sink, path + ".disk_ops.read", perSecond[0]);
        put(sink, path + ".disk_ops.write", perSecond[4]);
        sink.put(path + ".disk_time.read", averageMillis(v[3] - before[3], v[0] - before[0]));
        sink.put(path + ".disk_time.write", averageMillis(v[7] - before[7], v[4] - before[4]));
        if (hasMerged.contains(device)) {
            put(sink, path + ".disk_merged.read", perSecond[1]);
            put(sink, path + ".disk_merged.write", perSecond[5]);
        }
        if (hasInProgress.contains(device)) {
            sink.put(path + ".pending_operations", v[8]);
        }
        if (hasIoTime.contains(device)) {
            put(sink, path + ".disk_io_time.io_time", perSecond[9]);
            put(sink, path + ".disk_io_time.weighted_io_time", perSecond[10]);
        }
    }

    private static void put(MetricSink sink, String path, double value) {
        if (!Double.isNaN(value)) {
            sink.put(path, value);
        }
    }

    static double averageMillis(long deltaMillis, long deltaOps) {
        return deltaOps <= 0 || deltaMillis < 0 ? 0 : (double) deltaMillis / deltaOps;
    }
}
