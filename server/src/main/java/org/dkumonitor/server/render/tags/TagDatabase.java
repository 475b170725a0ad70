package org.dkumonitor.server.render.tags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dkumonitor.server.metrics.InvalidMetricNameException;
import org.dkumonitor.server.metrics.MetricName;
import org.dkumonitor.server.metrics.MetricIndex;
import org.dkumonitor.server.python.PyRegex;

/**
 * graphite-web 1.1's tag database over the store's tagged series (the list beside their files,
 * {@link MetricIndex#taggedNames}): what its {@code /tags} HTTP API answers. Tags and values are
 * listed sorted, filtered by a regex anchored at the start as graphite-web's SQL REGEXP is, and
 * cut at {@code limit} (0 or absent: all). Entering a series lists it under its normalised name
 * (carbon's, as the store names its file); removing one takes it off the list, its file and
 * points untouched, until the persister lists it again.
 */
public final class TagDatabase {

    /** A tag and the values series hold for it, with how many series hold each. */
    public record TagValues(String tag, Map<String, Integer> counts) {
    }

    private final MetricIndex tree;
    private final TagIndex index;
    private final long scanLimit;

    public TagDatabase(MetricIndex tree, long scanLimit) {
        this.tree = tree;
        this.index = new TagIndex(tree);
        this.scanLimit = scanLimit;
    }

    /** Every tag name of every series (name included), sorted, matching {@code filter}. */
    public List<String> tags(String filter, int limit) {
        PyRegex regex = anchored(filter);
        TreeSet<String> tags = new TreeSet<>();
        for (TagIndex.Tagged tagged : index.all(scanLimit)) {
            for (String tag : tagged.tags().keySet()) {
                if (regex == null || regex.search(tag)) {
                    tags.add(tag);
                }
            }
        }
        return cut(new ArrayList<>(tags), limit);
    }

    /** The values of {@code tag} with their series counts, or null when no series has it. */
    public TagValues values(String tag, String filter, int limit) {
        PyRegex regex = anchored(filter);
        TreeMap<String, Integer> counts = new TreeMap<>();
        boolean known = false;
        for (TagIndex.Tagged tagged : index.all(scanLimit)) {
            String value = tagged.tags().get(tag);
            if (value != null) {
                known = true;
                if (regex == null || regex.search(value)) {
                    counts.merge(value, 1, Integer::sum);
                }
            }
        }
        if (!known) {
            return null;
        }
        TreeMap<String, Integer> kept = new TreeMap<>();
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            if (limit > 0 && kept.size() >= limit) {
                break;
            }
            kept.put(entry.getKey(), entry.getValue());
        }
        return new TagValues(tag, kept);
    }

    /** The paths of the series matching every expression, sorted. */
    public List<String> findSeries(List<String> expressions) {
        List<TagIndex.Expression> parsed = new ArrayList<>();
        for (String text : expressions) {
            parsed.add(TagIndex.Expression.parse(text));
        }
        return index.matching(parsed, scanLimit).stream().map(TagIndex.Tagged::path).toList();
    }

    /** Lists the series; returns its normalised name. */
    public String tagSeries(String path) {
        String normalized = normalize(path);
        tree.recordTagged(normalized);
        return normalized;
    }

    /** Takes the series off the list; true even when it was not listed, as graphite-web. */
    public boolean delSeries(String path) {
        tree.forgetTagged(normalize(path));
        return true;
    }

    private static String normalize(String path) {
        try {
            return MetricName.normalize(path);
        } catch (InvalidMetricNameException e) {
            throw new TagExpressionException("Cannot parse path " + path + ": " + e.getMessage());
        }
    }

    private static PyRegex anchored(String filter) {
        if (filter == null || filter.isEmpty()) {
            return null;
        }
        try {
            return PyRegex.compile(filter.startsWith("^") ? filter : "^(" + filter + ")");
        } catch (RuntimeException e) {
            throw new TagExpressionException(e.getMessage());
        }
    }

    private static List<String> cut(List<String> items, int limit) {
        return limit > 0 && items.size() > limit ? items.subList(0, limit) : items;
    }
}
