import java.time.Instant;
import java.util.List;
import org.dkumonitor.agent.AgentConfigs;
import org.dkumonitor.agent.collect.Collector;

/**
 * Prints the mean wall and CPU milliseconds of one round of each collector on this host's real
 * /proc, after a warm-up. Run by agent/src/bench/collector-cost.sh.
 */
public class CollectorCost {
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        List<Collector> collectors = AgentConfigs.defaultCollectors();
        var bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                .getThreadMXBean();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        long[] wall = new long[collectors.size()];
        long[] cpu = new long[collectors.size()];
        int[] points = new int[collectors.size()];
        long[] allocated = new long[collectors.size()];
        for (int r = 0; r < rounds * 2; r++) {
            t = t.plusSeconds(10);
            for (int i = 0; i < collectors.size(); i++) {
                long w0 = System.nanoTime();
                long c0 = bean.getCurrentThreadCpuTime();
                long a0 = bean.getCurrentThreadAllocatedBytes();
                int[] n = {0};
                collectors.get(i).collect(t, (p, v) -> n[0]++);
                if (r >= rounds) {
                    wall[i] += System.nanoTime() - w0;
                    cpu[i] += bean.getCurrentThreadCpuTime() - c0;
                    allocated[i] += bean.getCurrentThreadAllocatedBytes() - a0;
                    points[i] = n[0];
                }
            }
        }
        long processes = java.util.Arrays.stream(new java.io.File("/proc").list())
                .filter(s -> s.chars().allMatch(Character::isDigit)).count();
        System.out.printf("%d processes on this host; mean of %d rounds after %d warm-up%n",
                processes, rounds, rounds);
        for (int i = 0; i < collectors.size(); i++) {
            System.out.printf("%-10s %8.3f ms wall %8.3f ms cpu %4d points %7d KiB allocated%n",
                    collectors.get(i).name(), wall[i] / 1e6 / rounds, cpu[i] / 1e6 / rounds,
                    points[i], allocated[i] / 1024 / rounds);
        }
    }
}
