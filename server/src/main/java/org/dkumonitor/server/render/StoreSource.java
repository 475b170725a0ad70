package org.dkumonitor.server.render;

import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.server.limits.Deadline;
import org.dkumonitor.server.metrics.InvalidMetricNameException;
import org.dkumonitor.server.metrics.MetricTree;
import org.dkumonitor.server.metrics.NodeGlob;
import org.dkumonitor.server.render.functions.EventSource;
import org.dkumonitor.server.render.functions.FunctionArgumentException;
import org.dkumonitor.server.render.functions.RenderContext;
import org.dkumonitor.server.render.functions.SeriesSource;
import org.dkumonitor.server.render.tags.TagExpressionException;
import org.dkumonitor.server.render.tags.TagIndex;

/**
 * Reads path expressions from the metric store: a glob is expanded against the tree (disk and
 * cache), each metric is read through {@link SeriesReader} (file merged with cache), and the
 * request's budget is charged for every series and point read.
 */
public final class StoreSource implements SeriesSource {

    private final MetricTree tree;
    private final SeriesReader reader;
    private static final int PARALLEL_THRESHOLD = 16;
    private final RenderContext.Budget budget;
    private final TagIndex tags;
    private final EventSource events;

    public StoreSource(MetricTree tree, SeriesReader reader, RenderContext.Budget budget) {
        this(tree, reader, budget, EventSource.NONE);
    }

    public StoreSource(MetricTree tree, SeriesReader reader, RenderContext.Budget budget,
            EventSource events) {
        this.tree = tree;
        this.reader = reader;
        this.budget = budget;
        this.tags = new TagIndex(tree);
        this.events = events;
    }

    @Override
    public long[] eventTimes(List<String> wanted, long from, long until) {
        return events.times(wanted, from, until);
    }

    @Override
    public List<Series> fetch(String pattern, long from, long until, long now) {
        List<String> metrics;
        if (pattern.startsWith(".") || pattern.endsWith(".") || pattern.contains("..")) {
            return List.of();
        }
        if (NodeGlob.hasWildcard(pattern)) {
            metrics = tree.expandLeaves(pattern);
        } else {
            metrics = List.of(pattern);
        }
        Deadline.check();
        budget.chargeSeries(metrics.size());
        // reads of many files run on all cores; order is kept
        Series[] read = new Series[metrics.size()];
        java.util.stream.IntStream indexes = java.util.stream.IntStream.range(0, read.length);
        (read.length >= PARALLEL_THRESHOLD ? indexes.parallel() : indexes).forEach(i -> {
            String metric = metrics.get(i);
            Series series;
            try {
                series = reader.read(metric, from, until, now);
            } catch (InvalidMetricNameException e) {
                throw new FunctionArgumentException(e.getMessage());
            }
            if (series != null) {
                budget.chargePoints(series.size());
                TagIndex.Tagged tagged = TagIndex.parse(metric);
                Series named = series.withPathExpression(pattern);
                read[i] = tagged == null ? named : named.withTags(tagged.tags());
            }
        });
        List<Series> found = new ArrayList<>(read.length);
        for (Series series : read) {
            if (series != null) {
                found.add(series);
            }
        }
        return found;
    }

    @Override
    public List<Series> fetchTagged(List<String> expressions, long from, long until, long now) {
        List<TagIndex.Expression> parsed = new ArrayList<>();
        try {
            for (String expression : expressions) {
                parsed.add(TagIndex.Expression.parse(expression));
            }
            List<Series> found = new ArrayList<>();
            for (TagIndex.Tagged tagged : tags.matching(parsed, 1_000_000)) {
                found.addAll(fetch(escape(tagged.path()), from, until, now));
            }
            return found;
        } catch (TagExpressionException e) {
            throw new FunctionArgumentException(e.getMessage());
        }
    }

    /** A tagged name read as a literal path even if it holds glob characters. */
    private static String escape(String path) {
        return path.replace("[", "[[]").replace("*", "[*]").replace("?", "[?]")
                .replace("{", "[{]");
    }
}
