package org.dkumonitor.server.render.functions;

import java.util.List;
import org.dkumonitor.server.render.Series;

/** The body of a render function: bound, validated arguments in, a series list out. */
@FunctionalInterface
interface SeriesFunction {

    List<Series> apply(Invocation call);
}
