package org.dkumonitor.agent.naming;

/**
 * Escapes names for metric paths as collectd's write_graphite does with EscapeCharacter "_":
 * whitespace and control characters become {@code _}, and so do dots unless separators are
 * preserved (dkumonitor's collectd ran with PreserveSeparator true, so a dot inside an instance
 * name, e.g. a VLAN interface {@code eth0.100}, makes an extra node, as it did). We also escape
 * {@code /}, which collectd leaves (e.g. the df instance {@code mapper/vg-root}): in a whisper
 * store it would silently become a directory.
 */
public final class MetricPaths {

    private static final char ESCAPE = '_';

    private MetricPaths() {
    }

    /** A node as dkumonitor's collectd wrote it (PreserveSeparator true). */
    public static String escapeNode(String node) {
        return escapeNode(node, true);
    }

    public static String escapeNode(String node, boolean preserveSeparator) {
        StringBuilder out = new StringBuilder(node.length());
        for (int i = 0; i < node.length(); i++) {
            char c = node.charAt(i);
            boolean replace = (c == '.' && !preserveSeparator) || c == '/'
                    || Character.isWhitespace(c) || Character.isISOControl(c);
            out.append(replace ? ESCAPE : c);
        }
        return out.toString();
    }
}
