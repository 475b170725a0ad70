package org.dkumonitor.agent.collect;

import java.time.Instant;
import org.dkumonitor.agent.naming.MetricPaths;

/**
 * collectd's interface plugin with {@code Interface "lo"}, IgnoreSelected and ReportInactive
 * false, from {@code /proc/net/dev}: per interface other than lo that has sent or received a
 * packet, {@code interface.<if>.if_octets|if_packets|if_errors|if_dropped.rx|tx} per second.
 */
public final class InterfaceCollector implements Collector {

    private static final String[] TYPES = {"if_octets", "if_packets", "if_errors", "if_dropped"};
    /** Columns of the receive and transmit halves (bytes, packets, errs, drop) after the name. */
    private static final int TX_OFFSET = 8;

    private final ProcFiles proc;
    private final Rates rates = new Rates();

    public InterfaceCollector(ProcFiles proc) {
        this.proc = proc;
    }

    @Override
    public String name() {
        return "interface";
    }

    @Override
    public void collect(Instant now, MetricSink sink) {
        for (String line : proc.lines("net/dev")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String[] f = ProcFields.words(line.substring(colon + 1));
            if (name.equals("lo") || f.length < 16) {
                continue;
            }
            long rxPackets = Long.parseLong(f[1]);
            long txPackets = Long.parseLong(f[TX_OFFSET + 1]);
            if (rxPackets == 0 && txPackets == 0) {
                continue;
            }
            String path = "interface." + MetricPaths.escapeNode(name) + ".";
            for (int t = 0; t < TYPES.length; t++) {
                double rx = rates.perSecond(name + "/rx" + t, Long.parseLong(f[t]), now);
                double tx = rates.perSecond(name + "/tx" + t,
                        Long.parseLong(f[TX_OFFSET + t]), now);
                if (!Double.isNaN(rx) && !Double.isNaN(tx)) {
                    sink.put(path + TYPES[t] + ".rx", rx);
                    sink.put(path + TYPES[t] + ".tx", tx);
                }
            }
        }
        rates.endRound();
    }
}
