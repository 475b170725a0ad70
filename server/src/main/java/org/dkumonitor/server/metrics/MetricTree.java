package org.dkumonitor.server.metrics;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.dkumonitor.server.limits.Deadline;
import org.dkumonitor.server.whisper.WhisperFormat;

/**
 * Finds the metrics and branches that match a dotted pattern, in the whisper tree on disk and
 * among the metrics still only in the cache (so a new metric is found the moment it arrives;
 * their sorted names are walked as a tree, {@link CachedNodes}).
 * Names starting with a dot are hidden, as graphite-web hides them; so are tagged series
 * ({@code name;tag=value}), whose files under {@code _tagged/} are named by a hash: they are
 * found by their tags ({@link #taggedNames}), never by a dotted path. A node {@code **}
 * matches any number of branches, none included, as graphite-web 1.1's finder does: a trailing
 * one stands for every node below ({@code a.**} is {@code a.*}, {@code a.*.*} and so on),
 * {@code a.**.c} finds {@code a.c}, {@code a.x.c} and {@code a.x.y.c}; it descends at most
 * {@value #MAX_GLOBSTAR_DEPTH} levels.
 *
 * <p>Directory listings are kept between requests and used again while the directory's
 * modification time and file key are unchanged (one {@code stat} instead of a listing and a
 * {@code stat} per entry): creating, deleting or renaming an entry changes its directory's
 * modification time, so a metric file written by any process is found by the next request. A
 * listing is kept only when the directory was last modified more than
 * {@value #SETTLED_MILLIS} ms before it was read, since a file system's timestamps are coarser
 * than its changes (two changes in one clock tick give one modification time); a directory
 * changed more recently is listed afresh every time. Listings with a symbolic link in them are
 * never kept (the link's target may change without the directory changing).
 *
 * <p>A find runs within the request's {@link Deadline}: the walk checks it at every directory
 * and every few hundred names, so a pattern that matches much of a large tree stops when its
 * time is up. Matching one name costs at most the pattern's size times the name's length
 * ({@link NodeGlob}).
 */
public final class MetricTree implements MetricIndex {

    /** How long a directory must be unchanged before its listing is kept. */
    static final long SETTLED_MILLIS = 2_000;
    /** Listings kept at most (all are dropped when there would be more). */
    static final int MAX_LISTINGS = 100_000;
    /** How many branches one {@code **} crosses at most (a symbolic link may loop). */
    static final int MAX_GLOBSTAR_DEPTH = 64;
    private static final byte LEAF = 1;
    private static final byte BRANCH = 2;

    private final Path root;
    private final Supplier<? extends NavigableSet<String>> cachedMetrics;
    private final TaggedNameLog taggedNameLog;
    private final InstantSource clock;
    private final Map<Path, Listing> listings = new ConcurrentHashMap<>();

    /**
     * The entries of a directory as metric nodes: name to {@link #LEAF} (a {@code name.wsp}
     * regular file), {@link #BRANCH} (a directory {@code name}) or both; hidden names left out.
     */
    private record Listing(FileTime modified, Object fileKey, Map<String, Byte> kinds) {
    }

    public MetricTree(Path root, Supplier<? extends NavigableSet<String>> cachedMetrics) {
        this(root, cachedMetrics, InstantSource.system());
    }

    /** {@code clock} is compared with directories' modification times. */
    public MetricTree(Path root, Supplier<? extends NavigableSet<String>> cachedMetrics,
            InstantSource clock) {
        this.root = root;
        this.cachedMetrics = cachedMetrics;
        this.taggedNameLog = new TaggedNameLog(root);
        this.clock = clock;
    }

    /** Every tagged series: those listed beside their files and those still only cached. */
    @Override
    public List<String> taggedNames() {
        Set<String> names = new LinkedHashSet<>(taggedNameLog.names());
        for (String metric : cachedMetrics.get()) {
            if (metric.indexOf(';') >= 0) {
                names.add(metric);
            }
        }
        return List.copyOf(names);
    }

    @Override
    public void recordTagged(String name) {
        taggedNameLog.record(name);
    }

    @Override
    public void forgetTagged(String name) {
        taggedNameLog.forget(name);
    }

    @Override
    public List<MetricNode> find(String pattern) {
        return nodes(pattern, false);
    }

    private List<MetricNode> nodes(String pattern, boolean leavesOnly) {
        String[] parts = pattern.split("\\.", -1);
        List<NodeGlob> globs = new ArrayList<>(parts.length + 1);
        for (String part : parts) {
            if (part.isEmpty()) {
                return List.of();
            }
            globs.add(NodeGlob.compile(part));
        }
        if (globs.get(globs.size() - 1).globstar()) {
            globs.add(NodeGlob.compile("*")); // a trailing ** is every node below
        }
        int literalTail = globs.size();
        while (literalTail > 0 && globs.get(literalTail - 1).literal() != null) {
            literalTail--;
        }
        Map<String, MetricNode> found = new TreeMap<>();
        // the cache before the disk: a name leaves the cache only once its file exists, so
        // the other order could miss a metric written out in between
        CachedNodes.match(cachedMetrics.get(), globs, found);
        walk(root, "", new Walk(globs, leavesOnly ? Math.max(literalTail, 1) : globs.size()),
                0, 0, found);
        return List.copyOf(found.values());
    }

    /**
     * A pattern's globs; from {@code leafFrom} on, all literal, a walk for leaves only looks the
     * file up directly ({@code a/b/c.wsp}: one stat) instead of listing each directory.
     */
    private record Walk(List<NodeGlob> globs, int leafFrom) {
    }

    @Override
    public List<String> expandLeaves(String pattern) {
        List<String> leaves = new ArrayList<>();
        for (MetricNode node : nodes(pattern, true)) {
            if (node.leaf()) {
                leaves.add(node.path());
            }
        }
        return leaves;
    }

    /**
     * Matches {@code globs[depth..]} in {@code directory}; {@code crossed} counts the branches
     * the current {@code **} has crossed.
     */
    private void walk(Path directory, String prefix, Walk walk, int depth, int crossed,
            Map<String, MetricNode> found) {
        List<NodeGlob> globs = walk.globs();
        if (depth >= walk.leafFrom()) {
            Path file = directory;
            StringBuilder path = new StringBuilder(prefix);
            for (int i = depth; i < globs.size(); i++) {
                String name = globs.get(i).literal();
                file = file.resolve(i == globs.size() - 1 ? name + WhisperFormat.EXTENSION
                        : name);
                path.append(path.isEmpty() ? "" : ".").append(name);
            }
            if (Files.isRegularFile(file)) {
                String leaf = path.toString();
                found.put(leaf + "\u0000leaf", new MetricNode(leaf, true));
            }
            return;
        }
        Listing listing = listing(directory);
        if (listing == null) {
            return; // not a directory (any more)
        }
        NodeGlob glob = globs.get(depth);
        if (glob.globstar()) {
            walk(directory, prefix, walk, depth + 1, 0, found);
            if (crossed < MAX_GLOBSTAR_DEPTH) {
                for (Map.Entry<String, Byte> entry : listing.kinds().entrySet()) {
                    String name = entry.getKey();
                    if ((entry.getValue() & BRANCH) != 0 && !(prefix.isEmpty()
                            && name.equals(MetricName.TAGGED_DIRECTORY))) {
                        walk(directory.resolve(name), prefix.isEmpty() ? name
                                : prefix + "." + name, walk, depth, crossed + 1, found);
                    }
                }
            }
            return;
        }
        boolean last = depth == globs.size() - 1;
        if (glob.literal() != null) {
            Byte kind = listing.kinds().get(glob.literal());
            if (kind != null && !(prefix.isEmpty()
                    && glob.literal().equals(MetricName.TAGGED_DIRECTORY))) {
                visit(directory, prefix, glob.literal(), kind, walk, depth, last, found);
            }
            return;
        }
        Deadline.check();
        int seen = 0;
        for (Map.Entry<String, Byte> entry : listing.kinds().entrySet()) {
            if ((++seen & 0xFF) == 0) {
                Deadline.check();
            }
            String name = entry.getKey();
            if (prefix.isEmpty() && name.equals(MetricName.TAGGED_DIRECTORY)) {
                continue;
            }
            if (glob.matches(name)) {
                visit(directory, prefix, name, entry.getValue(), walk, depth, last, found);
            }
        }
    }

    private void visit(Path directory, String prefix, String name, byte kind, Walk walk,
            int depth, boolean last, Map<String, MetricNode> found) {
        String path = prefix.isEmpty() ? name : prefix + "." + name;
        if (last) {
            if ((kind & LEAF) != 0) {
                found.put(path + "\u0000leaf", new MetricNode(path, true));
            }
            if ((kind & BRANCH) != 0) {
                found.put(path + "\u0000branch", new MetricNode(path, false));
            }
        } else if ((kind & BRANCH) != 0) {
            walk(directory.resolve(name), path, walk, depth + 1, 0, found);
        }
    }

    /** The directory's nodes, from the kept listing while it is still valid; null if none. */
    private Listing listing(Path directory) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(directory, BasicFileAttributes.class);
        } catch (IOException e) {
            listings.remove(directory);
            return null;
        }
        if (!attributes.isDirectory()) {
            listings.remove(directory);
            return null;
        }
        Listing kept = listings.get(directory);
        if (kept != null && kept.modified().equals(attributes.lastModifiedTime())
                && Objects.equals(kept.fileKey(), attributes.fileKey())) {
            return kept;
        }
        long listedAt = clock.millis();
        Map<String, Byte> kinds = new HashMap<>();
        boolean links = false;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String fileName = entry.getFileName().toString();
                if (fileName.startsWith(".")) {
                    continue;
                }
                BasicFileAttributes type;
                try {
                    type = Files.readAttributes(entry, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (type.isSymbolicLink()) {
                        links = true;
                        type = Files.readAttributes(entry, BasicFileAttributes.class);
                    }
                } catch (IOException e) {
                    continue; // vanished meanwhile, or a dangling link
                }
                if (type.isDirectory()) {
                    kinds.merge(fileName, BRANCH, (a, b) -> (byte) (a | b));
                } else if (type.isRegularFile() && fileName.endsWith(WhisperFormat.EXTENSION)
                        && fileName.length() > WhisperFormat.EXTENSION.length()) {
                    String name = fileName.substring(0,
                            fileName.length() - WhisperFormat.EXTENSION.length());
                    kinds.merge(name, LEAF, (a, b) -> (byte) (a | b));
                }
            }
        } catch (IOException e) {
            listings.remove(directory);
            return null; // vanished or unreadable: no matches
        }
        Listing listing = new Listing(attributes.lastModifiedTime(), attributes.fileKey(),
                Map.copyOf(kinds));
        boolean settled = attributes.lastModifiedTime().toMillis() < listedAt - SETTLED_MILLIS;
        if (settled && !links) {
            if (listings.size() >= MAX_LISTINGS) {
                listings.clear();
            }
            listings.put(directory, listing);
        } else {
            listings.remove(directory);
        }
        return listing;
    }

    /** Matches one cached name, and the branches above it, against the whole pattern. */
    static void matchCached(String metric, List<NodeGlob> globs,
            Map<String, MetricNode> found) {
        if (metric.indexOf(';') >= 0) {
            return;
        }
        String[] nodes = metric.split("\\.");
        boolean globstar = globs.stream().anyMatch(NodeGlob::globstar);
        // without ** only the prefix as long as the pattern can match
        int from = globstar ? 1 : globs.size();
        int to = globstar ? nodes.length : Math.min(globs.size(), nodes.length);
        for (int length = from; length <= to; length++) {
            if (matches(globs, 0, nodes, 0, length, 0)) {
                String path = String.join(".", java.util.Arrays.copyOf(nodes, length));
                boolean leaf = nodes.length == length;
                found.putIfAbsent(path + (leaf ? "\u0000leaf" : "\u0000branch"),
                        new MetricNode(path, leaf));
            }
        }
    }

    /** Whether {@code globs[g..]} match exactly {@code nodes[n..length)}. */
    private static boolean matches(List<NodeGlob> globs, int g, String[] nodes, int n,
            int length, int crossed) {
        if (g == globs.size()) {
            return n == length;
        }
        NodeGlob glob = globs.get(g);
        if (glob.globstar()) {
            // none crossed, or one more (a ** only crosses branches: never the last node)
            return matches(globs, g + 1, nodes, n, length, 0)
                    || (n < length - 1 && crossed < MAX_GLOBSTAR_DEPTH
                            && matches(globs, g, nodes, n + 1, length, crossed + 1));
        }
        return n < length && glob.matches(nodes[n])
                && matches(globs, g + 1, nodes, n + 1, length, 0);
    }
}
