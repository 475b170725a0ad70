package org.dkumonitor.server.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dkumonitor.server.render.Series;

/**
 * Merges the series of one path expression that several members returned, as graphite-web's
 * {@code _merge_results} does with REMOTE_STORE_MERGE_RESULTS (its default): the first copy of a
 * name is kept; while it has gaps, a later copy of the same length fills them (a value already
 * there is never replaced), and a later copy of another length (another step or window: the
 * name exists with different schemas) replaces it outright, after which that name takes no
 * more copies. The result is sorted by name.
 *
 * <p>graphite-web takes the copies in the order its members happen to answer, so where the
 * copies conflict its answer can change between requests; ours takes them in a fixed order (the
 * front end's own store, then {@code cluster.servers} in the order written).
 */
final class SeriesMerge {

    private SeriesMerge() {
    }

    static List<Series> merge(List<Series> inOrder) {
        Map<String, Series> byName = new LinkedHashMap<>();
        Map<String, Integer> gaps = new HashMap<>();
        for (Series series : inOrder) {
            Series known = byName.get(series.name());
            if (known == null) {
                byName.put(series.name(), series);
                continue;
            }
            int knownGaps = gaps.computeIfAbsent(known.name(), n -> gaps(known));
            if (knownGaps == 0 || series.size() == 0) {
                continue;
            }
            if (series.size() == known.size()) {
                double[] values = known.values().clone();
                for (int i = 0; i < values.length; i++) {
                    if (Double.isNaN(values[i]) && !Double.isNaN(series.value(i))) {
                        values[i] = series.value(i);
                        knownGaps--;
                    }
                }
                byName.put(known.name(), known.withValues(values));
                gaps.put(known.name(), knownGaps);
            } else {
                byName.put(known.name(), series);
                gaps.put(known.name(), 0);
            }
        }
        List<Series> merged = new ArrayList<>(byName.values());
        merged.sort((a, b) -> a.name().compareTo(b.name()));
        return merged;
    }

    private static int gaps(Series series) {
        int count = 0;
        for (double value : series.values()) {
            if (Double.isNaN(value)) {
                count++;
            }
        }
        return count;
    }
}
