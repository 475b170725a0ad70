package org.dkumonitor.server.metrics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.dkumonitor.server.whisper.WhisperFormat;

/**
 * Maps a metric name to its whisper file the way carbon does ({@code a.b.c} becomes
 * {@code a/b/c.wsp}) after refusing any name that could leave the storage directory or make an
 * odd file: empty, an empty node (leading, trailing or double dot), {@code .} or {@code ..} as a
 * node, {@code /}, {@code \}, NUL, control characters, whitespace, a node over
 * {@value #MAX_NODE_BYTES} bytes or a path over {@value #MAX_PATH_BYTES} bytes.
 */
public final class MetricName {

    public static final int MAX_NODE_BYTES = 255 - WhisperFormat.EXTENSION.length();
    public static final int MAX_PATH_BYTES = 4095;

    private MetricName() {
    }

    /** Returns the name if it is safe to store, else throws saying why. */
    public static String validate(String name) {
        if (name.isEmpty()) {
            throw new InvalidMetricNameException(name, "empty name", -1);
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new InvalidMetricNameException(name, "longer than " + MAX_PATH_BYTES
                    + " bytes", -1);
        }
        int nodeStart = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '.') {
                checkNode(name, nodeStart, i);
                nodeStart = i + 1;
                continue;
            }
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                throw new InvalidMetricNameException(name, "'" + c + "' would make a directory",
                        i);
            }
            if (c < 0x20 || c == 0x7f || Character.isWhitespace(c)) {
                throw new InvalidMetricNameException(name,
                        String.format("control or space character U+%04X", (int) c), i);
            }
        }
        return name;
    }

    private static void checkNode(String name, int start, int end) {
        if (start == end) {
            throw new InvalidMetricNameException(name, "empty node", start);
        }
        String node = name.substring(start, end);
        if (node.getBytes(StandardCharsets.UTF_8).length > MAX_NODE_BYTES) {
            throw new InvalidMetricNameException(name, "node longer than " + MAX_NODE_BYTES
                    + " bytes", start);
        }
    }

    /** The whisper file of a valid name under {@code root}. */
    public static Path whisperFile(Path root, String name) {
        String[] nodes = validate(name).split("\\.");
        Path path = root;
        for (int i = 0; i < nodes.length - 1; i++) {
            path = path.resolve(nodes[i]);
        }
        path = path.resolve(nodes[nodes.length - 1] + WhisperFormat.EXTENSION);
        if (!path.normalize().startsWith(root.normalize())) {
            throw new InvalidMetricNameException(name, "leaves the storage directory", -1);
        }
        return path;
    }
}
