package org.dkumonitor.server.metrics;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.dkumonitor.server.whisper.WhisperFormat;

/**
 * Finds the metrics and branches that match a dotted pattern, in the whisper tree on disk and
 * among the metrics still only in the cache (so a new metric is found the moment it arrives).
 * Names starting with a dot are hidden, as graphite-web hides them; so are tagged series
 * ({@code name;tag=value}), whose files under {@code _tagged/} are named by a hash: they are
 * found by their tags ({@link #taggedNames}), never by a dotted path.
 */
public final class MetricTree {

    private final Path root;
    private final Supplier<? extends Iterable<String>> cachedMetrics;
    private final TaggedNameLog taggedNameLog;

    public MetricTree(Path root, Supplier<? extends Iterable<String>> cachedMetrics) {
        this.root = root;
        this.cachedMetrics = cachedMetrics;
        this.taggedNameLog = new TaggedNameLog(root);
    }

    /** Every tagged series: those listed beside their files and those still only cached. */
    public List<String> taggedNames() {
        Set<String> names = new LinkedHashSet<>(taggedNameLog.names());
        for (String metric : cachedMetrics.get()) {
            if (metric.indexOf(';') >= 0) {
                names.add(metric);
            }
        }
        return List.copyOf(names);
    }

    /** Matching nodes sorted by path; a name that is both a leaf and a branch appears twice. */
    public List<MetricNode> find(String pattern) {
        String[] parts = pattern.split("\\.", -1);
        List<NodeGlob> globs = new ArrayList<>(parts.length);
        for (String part : parts) {
            if (part.isEmpty()) {
                return List.of();
            }
            globs.add(NodeGlob.compile(part));
        }
        Map<String, MetricNode> found = new TreeMap<>();
        walk(root, "", globs, 0, found);
        for (String metric : cachedMetrics.get()) {
            matchCached(metric, globs, found);
        }
        return List.copyOf(found.values());
    }

    /** The metric names (leaves) that match the pattern. */
    public List<String> expandLeaves(String pattern) {
        List<String> leaves = new ArrayList<>();
        for (MetricNode node : find(pattern)) {
            if (node.leaf()) {
                leaves.add(node.path());
            }
        }
        return leaves;
    }

    private void walk(Path directory, String prefix, List<NodeGlob> globs, int depth,
            Map<String, MetricNode> found) {
        NodeGlob glob = globs.get(depth);
        boolean last = depth == globs.size() - 1;
        if (glob.literal() != null) {
            if (depth == 0 && glob.literal().equals(MetricName.TAGGED_DIRECTORY)) {
                return;
            }
            visit(directory, prefix, glob.literal(), globs, depth, last, found);
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String fileName = entry.getFileName().toString();
                if (fileName.startsWith(".") || depth == 0
                        && fileName.equals(MetricName.TAGGED_DIRECTORY)) {
                    continue;
                }
                String name = fileName.endsWith(WhisperFormat.EXTENSION)
                        ? fileName.substring(0, fileName.length() - WhisperFormat.EXTENSION.length())
                        : fileName;
                if (glob.matches(name)) {
                    visit(directory, prefix, name, globs, depth, last, found);
                }
            }
        } catch (IOException e) {
            // a directory that vanished or cannot be read has no matches
        }
    }

    private void visit(Path directory, String prefix, String name, List<NodeGlob> globs,
            int depth, boolean last, Map<String, MetricNode> found) {
        String path = prefix.isEmpty() ? name : prefix + "." + name;
        Path branch = directory.resolve(name);
        if (last) {
            if (Files.isRegularFile(directory.resolve(name + WhisperFormat.EXTENSION))) {
                found.put(path + "\u0000leaf", new MetricNode(path, true));
            }
            if (Files.isDirectory(branch)) {
                found.put(path + "\u0000branch", new MetricNode(path, false));
            }
        } else if (Files.isDirectory(branch)) {
            walk(branch, path, globs, depth + 1, found);
        }
    }

    private static void matchCached(String metric, List<NodeGlob> globs,
            Map<String, MetricNode> found) {
        if (metric.indexOf(';') >= 0) {
            return;
        }
        String[] nodes = metric.split("\\.");
        if (nodes.length < globs.size()) {
            return;
        }
        for (int i = 0; i < globs.size(); i++) {
            if (!globs.get(i).matches(nodes[i])) {
                return;
            }
        }
        String path = String.join(".", java.util.Arrays.copyOf(nodes, globs.size()));
        boolean leaf = nodes.length == globs.size();
        found.putIfAbsent(path + (leaf ? "\u0000leaf" : "\u0000branch"),
                new MetricNode(path, leaf));
    }
}
