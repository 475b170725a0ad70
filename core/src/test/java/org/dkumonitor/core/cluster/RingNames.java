package org.dkumonitor.core.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * The 10,000 metric names the ring is checked on, the same on every run: collectd's tree for
 * 200 hosts, StatsD-style names, deep and single-node names, non-ASCII and tagged ones.
 */
final class RingNames {

    private static final String[] PLUGINS = {
        "cpu.0.percent.user", "cpu.1.percent.system", "memory.memory.used",
        "memory.percent.cached", "load.load.relative.shortterm", "df.root.df_complex.free",
        "disk.sda.disk_ops.read", "disk.sda.disk_octets.write", "interface.eth0.if_octets.rx",
        "interface.eth0.if_packets.tx", "processes.ps_state.running", "swap.swap_io.in",
        "uptime.uptime", "processes.java.ps_rss", "filecount.backups.newest_age",
    };

    private RingNames() {
    }

    static List<String> generate() {
        List<String> names = new ArrayList<>(10_000);
        for (int host = 0; host < 200 && names.size() < 3000; host++) {
            for (String plugin : PLUGINS) {
                names.add("collectd.web" + String.format("%03d", host) + "_example_com." + plugin);
            }
        }
        for (int i = 0; names.size() < 6000; i++) {
            names.add("stats.timers.api.endpoint" + (i % 300) + ".upper_" + (i / 300));
        }
        for (int i = 0; names.size() < 8000; i++) {
            names.add("a" + i);
        }
        for (int i = 0; names.size() < 9000; i++) {
            names.add("deep.path.with.many.levels.x" + (i % 10) + ".y" + (i / 10) + ".z.count");
        }
        for (int i = 0; names.size() < 9500; i++) {
            names.add("métriques.données.été" + i + ".µs");
        }
        for (int i = 0; names.size() < 10_000; i++) {
            names.add("disk.used;datacenter=dc" + (i % 3) + ";server=srv" + i);
        }
        return names;
    }
}
