package org.dkumonitor.server.api;

import java.util.List;
import org.dkumonitor.server.render.functions.RenderContext;
import org.dkumonitor.server.render.functions.SeriesSource;
import org.dkumonitor.server.render.target.Expr;

/** Where one render request reads its series: this server's store, or a cluster's. */
@FunctionalInterface
public interface RenderSources {

    /**
     * The source for a request that will evaluate {@code targets} over {@code (from, until]}
     * seen at {@code now} (a cluster fetches their paths from every member at once).
     */
    SeriesSource open(RenderContext.Budget budget, List<Expr> targets, long from, long until,
            long now);
}
