package org.dkumonitor.agent.naming;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.dkumonitor.core.host.LocalHostName;

/**
 * The host part of metric paths. dkumonitor used the host's fully qualified name reversed
 * ({@code web1.example.com} becomes {@code com.example.web1}), so that hosts group by domain in
 * the metric tree; its dots stay separators (collectd's write_graphite with PreserveSeparator
 * keeps them too, unreversed), and each label is escaped as collectd escapes. The name itself
 * comes from core's {@link LocalHostName}, as the server's self-metrics' does.
 */
public final class HostName {

    private HostName() {
    }

    /** The configured name if any, else this host's FQDN reversed. */
    public static String resolve(String configured) {
        if (!configured.isEmpty()) {
            return escapeLabels(configured);
        }
        return reverse(LocalHostName.fqdn());
    }

    public static String reverse(String fqdn) {
        List<String> labels = new ArrayList<>();
        for (String label : fqdn.split("\\.")) {
            if (!label.isEmpty()) {
                labels.add(label);
            }
        }
        Collections.reverse(labels);
        return escapeLabels(String.join(".", labels));
    }

    private static String escapeLabels(String dotted) {
        List<String> escaped = new ArrayList<>();
        for (String label : dotted.split("\\.")) {
            if (!label.isEmpty()) {
                escaped.add(MetricPaths.escapeNode(label));
            }
        }
        return escaped.isEmpty() ? "localhost" : String.join(".", escaped);
    }
}
