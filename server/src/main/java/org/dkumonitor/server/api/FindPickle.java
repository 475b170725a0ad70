package org.dkumonitor.server.api;

import java.util.List;
import org.dkumonitor.server.metrics.MetricNode;
import org.dkumonitor.server.pickle.PickleWriter;
import org.dkumonitor.server.render.SeriesStore;

/**
 * {@code /metrics/find?format=pickle}: what a graphite-web cluster front end's RemoteFinder
 * asks its nodes for ({@code local=1&format=pickle&query=…}) and unpickles with its safe
 * unpickler. As graphite-web 1.1's {@code pickle_nodes}: a list of dicts {@code path},
 * {@code is_leaf} and, for a leaf, {@code intervals}: a {@code graphite.intervals.IntervalSet}
 * instance holding {@code Interval} instances with their attributes ({@code start},
 * {@code end}, {@code tuple}, {@code size}), the classes that unpickler allows. Written at
 * protocol 2 (graphite-web writes its Python's highest; both unpickle to the same objects).
 */
final class FindPickle {

    private static final String INTERVALS = "graphite.intervals";

    private FindPickle() {
    }

    /** The nodes in the given order; a leaf without a known interval gets an empty set. */
    static byte[] write(List<MetricNode> nodes, FindHandler.Intervals intervals) {
        PickleWriter pickle = new PickleWriter().startList();
        for (MetricNode node : nodes) {
            pickle.startDict().string("path").string(node.path()).string("is_leaf")
                    .bool(node.leaf());
            if (node.leaf()) {
                SeriesStore.Interval interval = intervals.of(node.path());
                pickle.string("intervals").object(INTERVALS, "IntervalSet").startDict()
                        .string("intervals").startList();
                double size = 0;
                if (interval != null) {
                    size = interval.end() - interval.start();
                    pickle.object(INTERVALS, "Interval").startDict()
                            .string("start").number(interval.start())
                            .string("end").number(interval.end())
                            .string("tuple").number(interval.start()).number(interval.end())
                            .tuple2()
                            .string("size").number(size)
                            .endDict().endObject();
                }
                pickle.endList().string("size").number(size).endDict().endObject();
            }
            pickle.endDict();
        }
        return pickle.endList().finish();
    }
}
