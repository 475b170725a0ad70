package org.dkumonitor.server.render;

import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.server.metrics.InvalidMetricNameException;
import org.dkumonitor.server.metrics.MetricTree;
import org.dkumonitor.server.metrics.NodeGlob;
import org.dkumonitor.server.render.functions.FunctionArgumentException;
import org.dkumonitor.server.render.functions.RenderContext;
import org.dkumonitor.server.render.functions.SeriesSource;

/**
 * Reads path expressions from the metric store: a glob is expanded against the tree (disk and
 * cache), each metric is read through {@link SeriesReader} (file merged with cache), and the
 * request's budget is charged for every series and point read.
 */
public final class StoreSource implements SeriesSource {

    private final MetricTree tree;
    private final SeriesReader reader;
    private final RenderContext.Budget budget;

    public StoreSource(MetricTree tree, SeriesReader reader, RenderContext.Budget budget) {
        this.tree = tree;
        this.reader = reader;
        this.budget = budget;
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
        budget.chargeSeries(metrics.size());
        List<Series> found = new ArrayList<>(metrics.size());
        for (String metric : metrics) {
            Series series;
            try {
                series = reader.read(metric, from, until, now);
            } catch (InvalidMetricNameException e) {
                throw new FunctionArgumentException(e.getMessage());
            }
            if (series != null) {
                budget.chargePoints(series.size());
                found.add(series.withPathExpression(pattern));
            }
        }
        return found;
    }
}
