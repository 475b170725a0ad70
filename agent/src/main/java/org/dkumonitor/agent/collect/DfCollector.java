package org.dkumonitor.agent.collect;

import java.io.File;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.dkumonitor.agent.naming.MetricPaths;

/**
 * collectd's df plugin with ReportByDevice, ValuesAbsolute, ValuesPercentage and the file system
 * types tmpfs and devtmpfs ignored: per mounted device of {@code /proc/self/mounts} (the first
 * mount of each; {@code /dev/} stripped from its name), {@code df.<dev>.df_complex.free|reserved|
 * used} in bytes and {@code df.<dev>.percent_bytes.free|reserved|used}. free is what users may
 * still write (f_bavail), reserved what only root may (f_bfree - f_bavail). File systems with no
 * blocks (proc, sysfs, cgroup ...) are skipped, as collectd skips them; one that cannot be
 * stat'ed (unmounted meanwhile, or not ours) is skipped this round and the others still report.
 */
public final class DfCollector implements Collector {

    private static final Set<String> IGNORED_TYPES = Set.of("tmpfs", "devtmpfs");

    /** statvfs of a mount point, in bytes. */
    public record Usage(long total, long unallocated, long usable) {
    }

    /** Reads a file system's usage; empty when it cannot. */
    @FunctionalInterface
    public interface UsageReader {
        Optional<Usage> read(String mountPoint);
    }

    private final ProcFiles proc;
    private final UsageReader usage;

    public DfCollector(ProcFiles proc, UsageReader usage) {
        this.proc = proc;
        this.usage = usage;
    }

    /** {@link #statvfs}, as a {@link UsageReader}. */
    public static final UsageReader STATVFS = new UsageReader() {
        @Override
        public Optional<Usage> read(String mountPoint) {
            return statvfs(mountPoint);
        }
    };

    /**
     * The real file systems, through {@link File}'s space queries: one statvfs each, where
     * {@code Files.getFileStore} reads the whole mount table again for every file system (a
     * fifth of a round's CPU on a host with a few dozen mounts). Empty when the size is 0:
     * {@link File} answers 0 both for a mount point it cannot stat and for a file system
     * without blocks, and {@link #collect} skips either.
     */
    public static Optional<Usage> statvfs(String mountPoint) {
        try {
            File root = new File(mountPoint);
            long total = root.getTotalSpace();
            return total <= 0 ? Optional.empty()
                    : Optional.of(new Usage(total, root.getFreeSpace(), root.getUsableSpace()));
        } catch (SecurityException e) {
            return Optional.empty();
        }
    }

    @Override
    public String name() {
        return "df";
    }

    @Override
    public void collect(Instant now, MetricSink sink) {
        Set<String> seen = new HashSet<>();
        for (String line : proc.lines("self/mounts")) {
            String[] f = line.split(" ");
            if (f.length < 3 || IGNORED_TYPES.contains(f[2])) {
                continue;
            }
            String device = unescape(f[0]);
            if (!seen.add(device)) {
                continue;
            }
            Optional<Usage> found = usage.read(unescape(f[1]));
            if (found.isEmpty() || found.get().total() <= 0) {
                continue;
            }
            String name = device.startsWith("/dev/") ? device.substring(5) : device;
            if (!name.isEmpty()) {
                report("df." + MetricPaths.escapeNode(name), found.get(), sink);
            }
        }
    }

    private static void report(String path, Usage u, MetricSink sink) {
        long usable = Math.max(0, u.usable());
        long unallocated = Math.max(u.unallocated(), usable);
        long total = Math.max(u.total(), unallocated);
        double free = usable;
        double reserved = unallocated - usable;
        double used = total - unallocated;
        sink.put(path + ".df_complex.free", free);
        sink.put(path + ".df_complex.reserved", reserved);
        sink.put(path + ".df_complex.used", used);
        sink.put(path + ".percent_bytes.free", 100.0 * free / total);
        sink.put(path + ".percent_bytes.reserved", 100.0 * reserved / total);
        sink.put(path + ".percent_bytes.used", 100.0 * used / total);
    }

    /** Mount table fields escape space, tab, newline and backslash as octal ({@code \040}). */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
