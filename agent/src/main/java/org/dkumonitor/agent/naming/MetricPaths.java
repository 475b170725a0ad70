package org.dkumonitor.agent.naming;

/**
 * Builds metric paths as collectd's write_graphite does with EscapeCharacter "_": inside a node,
 * dots, whitespace, control characters and {@code " \ : ! / ( )} become {@code _}.
 */
public final class MetricPaths {

    private static final char ESCAPE = '_';

    private MetricPaths() {
    }

    public static String escapeNode(String node) {
        StringBuilder out = new StringBuilder(node.length());
        for (int i = 0; i < node.length(); i++) {
            char c = node.charAt(i);
            boolean replace = c == '.' || Character.isWhitespace(c) || Character.isISOControl(c)
                    || "\"\\:!/()".indexOf(c) >= 0;
            out.append(replace ? ESCAPE : c);
        }
        return out.toString();
    }

    /** {@code prefix.host.node1.node2...}, each extra node escaped. */
    public static String join(String prefixAndHost, String... nodes) {
        StringBuilder path = new StringBuilder(prefixAndHost);
        for (String node : nodes) {
            path.append('.').append(escapeNode(node));
        }
        return path.toString();
    }
}
