package org.dkumonitor.server.gottwall;

import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.dkumonitor.server.schema.StorageAggregation;
import org.dkumonitor.server.whisper.AggregationMethod;

/**
 * How a GottWall gauge's or avg's whisper file rolls up: by its last value or its mean, where
 * the aggregation rules (sum for {@code ^gottwall\.}) are right for counters only. The persister
 * exists before the GottWall service, so it asks this holder, which the service fills.
 */
public final class GottwallRollups {

    private volatile Function<String, AggregationMethod> kinds = name -> null;

    /** The rules in force, with a gauge's or avg's own rollup asked first. */
    public Supplier<StorageAggregation> over(Supplier<StorageAggregation> rules) {
        return () -> rules.get().overriddenBy(name -> {
            AggregationMethod method = name.startsWith(SeriesNames.ROOT + ".")
                    ? kinds.apply(name) : null;
            return method == null ? null : new StorageAggregation.Rule("gottwall " + method
                    .configName(), Pattern.compile(Pattern.quote(name)), 0, method);
        });
    }

    void use(Function<String, AggregationMethod> lookup) {
        kinds = lookup;
    }
}
