package org.dkumonitor.server.render.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.dkumonitor.server.metrics.NodeGlob;
import org.dkumonitor.server.render.Series;
import org.dkumonitor.server.render.SeriesAggregate;
import org.dkumonitor.server.render.target.TargetParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An aggregate a source computes itself gives exactly what the functions make of the series:
 * name, tags, window, values, xFilesFactor; targets it does not fit are evaluated as before.
 */
class AggregatePushdownTest {

    private static final double N = Double.NaN;
    private final List<Series> store = List.of(
            new Series("a.x", 60, 300, 60, new double[] {1, N, 3, N}),
            new Series("a.y", 60, 300, 60, new double[] {2, N, N, -4}),
            new Series("a.z", 60, 300, 60, new double[] {5, N, 1, 0.5}));
    private int pushed;

    /** A source that aggregates like a store would, or not at all. */
    private SeriesSource source(boolean aggregates) {
        return new SeriesSource() {
            @Override
            public List<Series> fetch(String pattern, long from, long until, long now) {
                List<Series> out = new ArrayList<>();
                for (Series s : store) {
                    String[] nodes = s.name().split("\\.");
                    String[] globs = pattern.split("\\.");
                    boolean match = nodes.length == globs.length;
                    for (int i = 0; match && i < nodes.length; i++) {
                        match = NodeGlob.compile(globs[i]).matches(nodes[i]);
                    }
                    if (match) {
                        out.add(s.withPathExpression(pattern));
                    }
                }
                return out;
            }

            @Override
            public Optional<SeriesAggregate> aggregate(String pattern, long from, long until,
                    long now) {
                List<Series> found = fetch(pattern, from, until, now);
                if (!aggregates || found.size() < 2) {
                    return Optional.empty();
                }
                pushed++;
                int n = found.get(0).size();
                double[] sums = new double[n];
                double[] mins = new double[n];
                double[] maxes = new double[n];
                int[] counts = new int[n];
                Arrays.fill(mins, N);
                Arrays.fill(maxes, N);
                for (Series s : found) {
                    for (int i = 0; i < n; i++) {
                        double v = s.value(i);
                        if (!Double.isNaN(v)) {
                            sums[i] += v;
                            counts[i]++;
                            mins[i] = Double.isNaN(mins[i]) ? v : Math.min(mins[i], v);
                            maxes[i] = Double.isNaN(maxes[i]) ? v : Math.max(maxes[i], v);
                        }
                    }
                }
                for (int i = 0; i < n; i++) {
                    sums[i] = counts[i] == 0 ? N : sums[i];
                }
                Series first = found.get(0);
                return Optional.of(new SeriesAggregate(first.start(), first.end(), first.step(),
                        found.size(), sums, mins, maxes, counts));
            }
        };
    }

    private List<Series> eval(String target, boolean aggregates, double xFilesFactor) {
        RenderContext context = new RenderContext(0, 300, 300, ZoneOffset.UTC, xFilesFactor,
                source(aggregates), RenderContext.Budget.unlimited());
        return new Evaluator(FunctionLibrary.standard()).seriesList(TargetParser.parse(target),
                context);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sumSeries(a.*)", "averageSeries(a.*)", "minSeries(a.*)",
        "maxSeries(a.*)", "aggregate(a.*, 'sum')", "aggregate(a.*, 'avg')",
        "aggregate(a.*, 'total', 0.5)", "aggregate(a.*, 'max', 0.7)",
        "alias(sumSeries(a.*), 'x')", "sumSeries(a.x)", "sumSeries(a.*, a.x)",
        "sumSeries(a.{x,y})", "scale(averageSeries(a.*), 2)"})
    void givesWhatTheFunctionsMakeOfTheSeries(String target) {
        for (double xff : new double[] {0, 0.5}) {
            List<Series> evaluated = eval(target, false, xff);
            List<Series> answered = eval(target, true, xff);
            assertEquals(evaluated, answered, target);
            for (int i = 0; i < evaluated.size(); i++) {
                Series a = evaluated.get(i);
                Series b = answered.get(i);
                assertEquals(a.pathExpression(), b.pathExpression());
                assertEquals(a.xFilesFactor(), b.xFilesFactor());
                assertEquals(a.consolidationFunc(), b.consolidationFunc());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sumSeries(a.*)", "aggregate(a.*, 'min')"})
    void isUsedForAnAggregateOfOnePattern(String target) {
        eval(target, true, 0);
        assertEquals(1, pushed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sumSeries(a.x)", "sumSeries(a.*, a.x)", "aggregate(a.*, 'median')",
        "multiplySeries(a.*)", "sumSeries(scale(a.*, 2))"})
    void isNotUsedWhereItDoesNotFit(String target) {
        eval(target, true, 0);
        assertEquals(0, pushed);
    }
}
