package org.dkumonitor.server.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dkumonitor.server.limits.Deadline;
import org.dkumonitor.server.metrics.InvalidMetricNameException;
import org.dkumonitor.server.metrics.MetricIndex;
import org.dkumonitor.server.metrics.NodeGlob;
import org.dkumonitor.server.render.functions.EventSource;
import org.dkumonitor.server.render.functions.FunctionArgumentException;
import org.dkumonitor.server.render.functions.RenderContext;
import org.dkumonitor.server.render.functions.SeriesSource;
import org.dkumonitor.server.render.tags.TagExpressionException;
import org.dkumonitor.server.render.tags.TagIndex;

/**
 * Reads path expressions from the metric store: a glob is expanded against its index (the
 * whisper tree or ClickHouse's index table, with the cache), the metrics are read through its
 * {@link SeriesStore} (merged with the cache), and the request's budget is charged for every
 * series and point read.
 */
public final class StoreSource implements SeriesSource {

    private final MetricIndex tree;
    private final SeriesStore reader;
    private final RenderContext.Budget budget;
    private final TagIndex tags;
    private final EventSource events;

    public StoreSource(MetricIndex tree, SeriesStore reader, RenderContext.Budget budget) {
        this(tree, reader, budget, EventSource.NONE);
    }

    public StoreSource(MetricIndex tree, SeriesStore reader, RenderContext.Budget budget,
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
        List<String> metrics = metrics(pattern);
        Deadline.check();
        budget.chargeSeries(metrics.size());
        Series[] read;
        try {
            read = reader.readAll(metrics, from, until, now);
        } catch (InvalidMetricNameException e) {
            throw new FunctionArgumentException(e.getMessage());
        }
        List<Series> found = new ArrayList<>(read.length);
        for (int i = 0; i < read.length; i++) {
            Series series = read[i];
            if (series != null) {
                budget.chargePoints(series.size());
                TagIndex.Tagged tagged = TagIndex.parse(metrics.get(i));
                Series named = series.withPathExpression(pattern);
                found.add(tagged == null ? named : named.withTags(tagged.tags()));
            }
        }
        return found;
    }

    /**
     * Asks the store to aggregate what the pattern matches where the data lives; empty when
     * fewer than two metrics match or the store cannot (whisper files are read one by one).
     */
    @Override
    public Optional<SeriesAggregate> aggregate(String pattern, long from, long until,
            long now) {
        List<String> metrics = metrics(pattern);
        if (metrics.size() < 2) {
            return Optional.empty();
        }
        Optional<SeriesAggregate> aggregate = reader.aggregate(metrics, from, until, now);
        aggregate.ifPresent(a -> {
            budget.chargeSeries(metrics.size());
            budget.chargePoints(a.size());
        });
        return aggregate;
    }

    private List<String> metrics(String pattern) {
        if (pattern.startsWith(".") || pattern.endsWith(".") || pattern.contains("..")) {
            return List.of();
        }
        return NodeGlob.hasWildcard(pattern) ? tree.expandLeaves(pattern) : List.of(pattern);
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
