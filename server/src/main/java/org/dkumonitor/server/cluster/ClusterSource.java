package org.dkumonitor.server.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.dkumonitor.server.render.Series;
import org.dkumonitor.server.render.functions.RenderContext;
import org.dkumonitor.server.render.functions.SeriesSource;
import org.dkumonitor.server.render.target.Expr;
import org.dkumonitor.server.render.tags.TagIndex;

/**
 * The series of one render request on a front end: each path expression is read from every
 * member ({@code /render?local=1&format=pickle&noCache=1&from&until&now&target=...}, as
 * graphite-web's RemoteReader asks) and from this server's own store, and same-named series are
 * merged ({@link SeriesMerge}); the functions then run once, over the merged series. The paths
 * of all targets are asked of each member in one request before evaluation starts, as
 * graphite-web prefetches; a path asked later (another window for timeShift, a path made by a
 * function) costs a request of its own. Members that fail are handled by the front end's
 * policy ({@link ClusterFrontEnd#settle}).
 */
final class ClusterSource implements SeriesSource {

    private record Key(String target, long from, long until, long now) {
    }

    private final ClusterFrontEnd frontEnd;
    private final SeriesSource local;
    private final RenderContext.Budget budget;
    private final Map<Key, List<Series>> fetched = new HashMap<>();

    ClusterSource(ClusterFrontEnd frontEnd, SeriesSource local, RenderContext.Budget budget,
            List<Expr> targets, long from, long until, long now) {
        this.frontEnd = frontEnd;
        this.local = local;
        this.budget = budget;
        Set<String> paths = new LinkedHashSet<>();
        for (Expr target : targets) {
            collectPaths(target, paths);
        }
        if (!paths.isEmpty()) {
            read(new ArrayList<>(paths), from, until, now);
        }
    }

    @Override
    public List<Series> fetch(String pattern, long from, long until, long now) {
        Key key = new Key(pattern, from, until, now);
        if (!fetched.containsKey(key)) {
            read(List.of(pattern), from, until, now);
        }
        return named(fetched.get(key), pattern);
    }

    @Override
    public List<Series> fetchTagged(List<String> expressions, long from, long until,
            long now) {
        StringBuilder call = new StringBuilder("seriesByTag(");
        for (int i = 0; i < expressions.size(); i++) {
            call.append(i == 0 ? "" : ",").append(quote(expressions.get(i)));
        }
        String target = call.append(')').toString();
        Key key = new Key(target, from, until, now);
        if (!fetched.containsKey(key)) {
            List<Series> copies = new ArrayList<>();
            if (local != null) {
                copies.addAll(local.fetchTagged(expressions, from, until, now));
            }
            for (RenderPickle.Fetched remote : frontEnd.render(List.of(target), from, until,
                    now)) {
                copies.add(remote.series());
            }
            List<Series> tagged = new ArrayList<>();
            for (Series series : charge(SeriesMerge.merge(copies))) {
                TagIndex.Tagged tags = TagIndex.parse(series.name());
                tagged.add(tags == null ? series : series.withTags(tags.tags()));
            }
            fetched.put(key, tagged);
        }
        return fetched.get(key);
    }

    /**
     * Reads the targets from the members and, meanwhile on a thread of its own, from the local
     * store; keeps each target's merge (the local copy first).
     */
    private void read(List<String> targets, long from, long until, long now) {
        FutureTask<Map<String, List<Series>>> localRead = new FutureTask<>(() -> {
            Map<String, List<Series>> copies = new HashMap<>();
            for (String target : targets) {
                copies.put(target, new ArrayList<>(local == null ? List.of()
                        : local.fetch(target, from, until, now)));
            }
            return copies;
        });
        if (local == null) {
            localRead.run();
        } else {
            Thread.ofVirtual().name("cluster-local-read").start(localRead);
        }
        // the members are asked on this thread: a missing one is noted on its response
        List<RenderPickle.Fetched> remotes = frontEnd.render(targets, from, until, now);
        Map<String, List<Series>> copies = await(localRead);
        for (RenderPickle.Fetched remote : remotes) {
            List<Series> into = copies.get(remote.pathExpression());
            if (into == null && targets.size() == 1) {
                into = copies.get(targets.get(0));
            }
            if (into != null) {
                into.add(remote.series());
            }
        }
        for (String target : targets) {
            fetched.put(new Key(target, from, until, now),
                    charge(SeriesMerge.merge(copies.get(target))));
        }
    }

    private static Map<String, List<Series>> await(FutureTask<Map<String, List<Series>>> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the local store", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The budget is charged for what the members sent (the local store charged its own). */
    private List<Series> charge(List<Series> merged) {
        budget.chargeSeries(merged.size());
        long points = 0;
        for (Series series : merged) {
            points += series.size();
        }
        budget.chargePoints(points);
        return merged;
    }

    /** As the store names them: the pattern as path expression, tags from tagged names. */
    private static List<Series> named(List<Series> merged, String pattern) {
        List<Series> out = new ArrayList<>(merged.size());
        for (Series series : merged) {
            Series named = series.withPathExpression(pattern);
            TagIndex.Tagged tagged = TagIndex.parse(series.name());
            out.add(tagged == null ? named : named.withTags(tagged.tags()));
        }
        return out;
    }

    /** The path expressions of a target, as graphite-web's extractPathExpressions finds them. */
    static void collectPaths(Expr expr, Set<String> paths) {
        switch (expr) {
            case Expr.Path path -> paths.add(path.pattern());
            case Expr.Call call -> {
                call.args().forEach(arg -> collectPaths(arg, paths));
                call.kwargs().values().forEach(arg -> collectPaths(arg, paths));
            }
            default -> {
            }
        }
    }

    /** A Python string literal of the text, as graphite-web's grammar reads it. */
    private static String quote(String text) {
        return text.indexOf('\'') < 0 ? "'" + text + "'" : "\"" + text + "\"";
    }
}
