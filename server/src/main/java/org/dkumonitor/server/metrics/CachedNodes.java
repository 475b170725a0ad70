package org.dkumonitor.server.metrics;

import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import org.dkumonitor.server.limits.Deadline;

/**
 * Matches a pattern against the metrics still only in the cache, walking their sorted names as
 * a tree: the children of a branch {@code a.b} are found by seeking in the sorted set (the
 * first name after {@code a.b.}, then past each child's subtree), so a find costs what the
 * branches it matches hold, not what the whole cache holds. A burst of 100,000 new names under
 * {@code x.burst} used to make every find (a literal render included) match all of them one by
 * one while their files were created, and the API's slots went to that.
 *
 * <p>Tagged names ({@code name;tag=value}) are never nodes: a branch is one with an untagged
 * name below it. A {@code **} is matched by scanning the names below the branch where it
 * begins, with the whole pattern.
 */
final class CachedNodes {

    /** Sorts right after every name that starts with {@code branch + "."}. */
    private static final char AFTER_DOT = '.' + 1;

    private final NavigableSet<String> names;
    private final List<NodeGlob> globs;
    private final Map<String, MetricNode> found;
    private int steps;

    private CachedNodes(NavigableSet<String> names, List<NodeGlob> globs,
            Map<String, MetricNode> found) {
        this.names = names;
        this.globs = globs;
        this.found = found;
    }

    /** Puts the cached nodes that match {@code globs} into {@code found}. */
    static void match(NavigableSet<String> names, List<NodeGlob> globs,
            Map<String, MetricNode> found) {
        new CachedNodes(names, globs, found).walk("", 0);
    }

    private void walk(String branch, int depth) {
        NodeGlob glob = globs.get(depth);
        if (glob.globstar()) {
            scanBelow(branch);
            return;
        }
        if (glob.literal() != null) {
            visit(branch, glob.literal(), depth);
            return;
        }
        String start = branch.isEmpty() ? "" : branch + ".";
        String name = names.ceiling(start);
        while (name != null && name.startsWith(start)) {
            tick();
            int end = name.indexOf('.', start.length());
            String child = name.substring(start.length(), end < 0 ? name.length() : end);
            if (child.indexOf(';') < 0 && glob.matches(child)) {
                visit(branch, child, depth);
            }
            // on past the child's subtree (whose names may come in two runs, around names
            // such as a.b-x that sort between a.b and a.b.c: then it is visited twice)
            String path = start + child;
            name = names.higher(name);
            if (name != null && name.startsWith(path + ".")) {
                name = names.ceiling(path + AFTER_DOT);
            }
        }
    }

    /** A child that matched {@code globs[depth]}: recorded when last, else descended into. */
    private void visit(String branch, String child, int depth) {
        if (child.isEmpty() || child.indexOf(';') >= 0) {
            return;
        }
        String path = branch.isEmpty() ? child : branch + "." + child;
        boolean hasBelow = hasUntaggedBelow(path);
        if (depth == globs.size() - 1) {
            if (names.contains(path)) {
                found.putIfAbsent(path + "\u0000leaf", new MetricNode(path, true));
            }
            if (hasBelow) {
                found.putIfAbsent(path + "\u0000branch", new MetricNode(path, false));
            }
        } else if (hasBelow) {
            walk(path, depth + 1);
        }
    }

    private boolean hasUntaggedBelow(String path) {
        String start = path + ".";
        for (String name = names.ceiling(start); name != null && name.startsWith(start);
                name = names.higher(name)) {
            if (name.indexOf(';') < 0) {
                return true;
            }
            tick();
        }
        return false;
    }

    /** Where a {@code **} begins: every name below {@code branch}, matched whole. */
    private void scanBelow(String branch) {
        Iterable<String> below = branch.isEmpty() ? names
                : names.subSet(branch + ".", true, branch + AFTER_DOT, false);
        for (String name : below) {
            tick();
            MetricTree.matchCached(name, globs, found);
        }
    }

    private void tick() {
        if ((++steps & 0xFF) == 0) {
            Deadline.check();
        }
    }
}
