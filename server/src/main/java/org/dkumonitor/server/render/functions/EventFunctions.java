package org.dkumonitor.server.render.functions;

import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.server.render.Series;

/**
 * graphite-web's {@code events(tag, ...)}: how many events carry every tag ({@code "*"}: any
 * event) in each second of the window, a series of step 1 with None where there were none,
 * consolidated by sum; drawn with drawAsInfinite it marks the events on a graph.
 */
final class EventFunctions {

    private EventFunctions() {
    }

    static void register(FunctionLibrary lib) {
        lib.define("events", "Special", "The number of events at each second that carry every"
                + " tag (\"*\": every event). Usable with drawAsInfinite.", EventFunctions::events,
                Param.multiple("tags", ParamType.STRING, true));
    }

    private static List<Series> events(Invocation call) {
        List<String> tags = new ArrayList<>();
        for (Object tag : call.rest(0)) {
            tags.add(String.valueOf(tag));
        }
        String name = "events(\"" + String.join("\", \"", tags) + "\")";
        RenderContext context = call.context();
        long start = context.from();
        long end = context.until();
        int points = (int) Math.max(0, Math.min(Integer.MAX_VALUE - 8, end - start));
        context.budget().chargeSeries(1);
        context.budget().chargePoints(points);
        double[] values = new double[points];
        java.util.Arrays.fill(values, Double.NaN);
        List<String> wanted = tags.equals(List.of("*")) ? List.of() : tags;
        for (long time : context.source().eventTimes(wanted, start, end)) {
            long offset = time - start;
            if (offset >= 0 && offset < points) {
                int i = (int) offset;
                values[i] = Double.isNaN(values[i]) ? 1 : values[i] + 1;
            }
        }
        return List.of(new Series(name, start, end, 1, values, name, null, "sum",
                context.xFilesFactor()));
    }
}
