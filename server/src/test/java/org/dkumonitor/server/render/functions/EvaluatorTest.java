package org.dkumonitor.server.render.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dkumonitor.server.metrics.NodeGlob;
import org.dkumonitor.server.render.Series;
import org.dkumonitor.server.render.target.TargetParser;
import org.junit.jupiter.api.Test;

/**
 * Function semantics checked by hand on small in-memory series (graphite-web's results for the
 * same inputs, worked out from its functions.py); the parity test checks the rest against a
 * running graphite-web.
 */
class EvaluatorTest {

    private static final double N = Double.NaN;
    private final Map<String, Series> store = new LinkedHashMap<>();
    private final Evaluator evaluator = new Evaluator(FunctionLibrary.standard());

    private void put(String name, double... values) {
        store.put(name, new Series(name, 60, 60 + 60L * values.length, 60, values));
    }

    private List<Series> eval(String target) {
        SeriesSource source = (pattern, from, until, now) -> {
            String[] globs = pattern.split("\\.");
            List<Series> out = new ArrayList<>();
            for (Series s : store.values()) {
                String[] nodes = s.name().split("\\.");
                boolean match = nodes.length == globs.length;
                for (int i = 0; match && i < nodes.length; i++) {
                    match = NodeGlob.compile(globs[i]).matches(nodes[i]);
                }
                if (match) {
                    out.add(s.withPathExpression(pattern));
                }
            }
            return out;
        };
        RenderContext context = new RenderContext(0, 600, 600, ZoneOffset.UTC, 0, source,
                RenderContext.Budget.unlimited());
        return evaluator.seriesList(TargetParser.parse(target), context);
    }

    @Test
    void sumSeriesIsNamedByPathExpressionAndSkipsNones() {
        put("a.x", 1, N, 3);
        put("a.y", 2, N, N);
        Series sum = eval("sumSeries(a.*)").get(0);
        assertEquals("sumSeries(a.*)", sum.name());
        assertArrayEquals(new double[] {3, N, 3}, sum.values());
        assertEquals(Map.of("name", "sumSeries(a.*)", "aggregatedBy", "sum"), sum.tags());
    }

    /**
     * graphite-web 1.1.8's names (from the parity test's graphite-web): a transform that copies
     * its series gives it its own name as path expression, so the aggregate lists each one; a
     * change in place (timeShift, alias) keeps the pattern.
     */
    @Test
    void aggregatesOverTransformsAreNamedByEachTransformedSeries() {
        put("d.h1.writes", 1, 2, 4);
        put("d.h2.writes", 2, 4, 8);
        String each = "nonNegativeDerivative(d.h1.writes),nonNegativeDerivative(d.h2.writes)";
        assertEquals("sumSeries(" + each + ")",
                eval("sumSeries(nonNegativeDerivative(d.*.writes))").get(0).name());
        assertEquals("averageSeries(" + each + ")",
                eval("avg(nonNegativeDerivative(d.*.writes))").get(0).name());
        assertEquals("maxSeries(" + each + ")",
                eval("aggregate(nonNegativeDerivative(d.*.writes), 'max')").get(0).name());
        assertEquals("sumSeries(movingAverage(d.h1.writes,2),movingAverage(d.h2.writes,2))",
                eval("sumSeries(movingAverage(d.*.writes, 2))").get(0).name());
        assertEquals("sumSeries(scale(d.h1.writes,2),scale(d.h2.writes,2))",
                eval("sumSeries(scale(d.*.writes, 2))").get(0).name());
        assertEquals("sumSeries(d.*.writes)",
                eval("sumSeries(timeShift(d.*.writes, '1min'))").get(0).name());
        assertEquals("sumSeries(d.*.writes)", eval("sumSeries(alias(d.*.writes, 'x'))").get(0)
                .name());
    }

    @Test
    void perSecondRoundsAndDropsCounterResets() {
        put("c", 0, 60, 150, 10, 70);
        assertArrayEquals(new double[] {N, 1, 1.5, N, 1}, eval("perSecond(c)").get(0).values());
        assertArrayEquals(new double[] {N, 60, 90, 121, 60},
                eval("nonNegativeDerivative(c, 260)").get(0).values());
    }

    @Test
    void aliasSubUsesPythonReplacementSyntax() {
        put("servers.web01.load", 1);
        assertEquals("web01 A", eval("aliasSub(servers.*.load, '^servers\\.(\\w+)\\..*', "
                + "\"\\1 A\")").get(0).name());
        assertEquals("w01", eval("aliasSub(servers.*.load, 'web(?P<n>\\d+).*', 'w\\g<n>')")
                .get(0).name().replace("servers.", ""));
        assertEquals("servers.web01.load", eval("aliasSub(servers.*.load, 'x', 'y')").get(0)
                .tags().get("name"));
    }

    @Test
    void keepLastValueFillsOnlyShortGaps() {
        put("g", 1, N, N, 4, N, N, N, 8, N);
        assertArrayEquals(new double[] {1, 1, 1, 4, N, N, N, 8, 8},
                eval("keepLastValue(g, 2)").get(0).values());
    }

    @Test
    void summarizeAlignsBucketsToTheInterval() {
        put("s", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        Series summary = eval("summarize(s, '3min')").get(0);
        assertEquals("summarize(s, \"3min\", \"sum\")", summary.name());
        assertEquals(0, summary.start());
        assertArrayEquals(new double[] {3, 12, 21, 19}, summary.values());
    }

    @Test
    void movingAverageReadsTheWindowBeforeTheRange() {
        put("m", 2, 4, 6, 8);
        Series moving = eval("movingAverage(m, 2)").get(0);
        assertEquals("movingAverage(m,2)", moving.name());
        assertArrayEquals(new double[] {3, 5}, moving.values());
    }

    @Test
    void groupByNodeAndAliasByNodeUseNodesOfTheInnermostPath() {
        put("dc1.h1.cpu", 1, 2);
        put("dc1.h2.cpu", 3, 4);
        put("dc2.h3.cpu", 5, 6);
        List<Series> grouped = eval("groupByNode(dc*.*.cpu, 0, 'sum')");
        assertEquals(List.of("dc1", "dc2"), grouped.stream().map(Series::name).toList());
        assertArrayEquals(new double[] {4, 6}, grouped.get(0).values());
        assertEquals(List.of("h1", "h2", "h3"), eval("aliasByNode(scale(dc*.*.cpu, 2), 1)")
                .stream().map(Series::name).toList());
    }

    @Test
    void highestAndSortKeepPythonsStableOrder() {
        put("o.a", 1, 1);
        put("o.b", 5, 5);
        put("o.c", 1, 1);
        assertEquals(List.of("o.b", "o.a"), eval("highestAverage(o.*, 2)").stream()
                .map(Series::name).toList());
        assertEquals(List.of("o.a", "o.c", "o.b"), eval("sortBy(o.*)").stream()
                .map(Series::name).toList());
    }

    @Test
    void scaleNamesWithPercentG() {
        put("v", 1);
        assertEquals("scale(v,2.5)", eval("scale(v, 2.5)").get(0).name());
        assertEquals("scale(v,1e+06)", eval("scale(v, 1000000)").get(0).name());
        assertEquals("2.0", eval("scale(v, 2)").get(0).tags().get("scale"));
    }

    @Test
    void argumentErrorsNameTheFunctionAndParameter() {
        put("v", 1);
        FunctionArgumentException e = assertThrows(FunctionArgumentException.class,
                () -> eval("scale(v)"));
        assertEquals("Missing required parameter \"factor\" for function \"scale\"",
                e.getMessage());
        assertThrows(FunctionArgumentException.class, () -> eval("limit(v, 'x')"));
        assertThrows(FunctionArgumentException.class, () -> eval("nope(v)"));
    }

    @Test
    void regexErrorsAreArgumentErrors() {
        put("v", 1);
        FunctionArgumentException e = assertThrows(FunctionArgumentException.class,
                () -> eval("aliasSub(v, '(', 'x')"));
        assertEquals("invalid regular expression '(': Unclosed group", e.getMessage());
    }
}
