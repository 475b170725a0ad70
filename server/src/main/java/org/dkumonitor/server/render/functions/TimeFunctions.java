package org.dkumonitor.server.render.functions;

import static org.dkumonitor.server.render.functions.FunctionLibrary.INTERVAL_SUGGESTIONS;
import static org.dkumonitor.server.render.functions.FunctionLibrary.aggFunc;
import static org.dkumonitor.server.render.functions.FunctionLibrary.seriesList;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dkumonitor.server.render.Series;
import org.dkumonitor.server.render.time.AtTime;

/**
 * The Transform functions that work on time rather than on each value: summarize, hitcount,
 * smartSummarize, timeShift, timeStack, timeSlice. Those that need other data than the
 * request's window evaluate their first argument again over the window they need.
 */
final class TimeFunctions {

    private static final String GROUP = "Transform";

    private TimeFunctions() {
    }

    static void register(FunctionLibrary lib) {
        lib.define("summarize", GROUP, "Summarizes each series into buckets of an interval with "
                + "an aggregation (sum by default), aligned to the interval or to from.",
                TimeFunctions::summarize, seriesList(),
                Param.required("intervalString", ParamType.INTERVAL)
                        .withSuggestions(INTERVAL_SUGGESTIONS),
                aggFunc("func", "sum"), Param.optional("alignToFrom", ParamType.BOOLEAN, false));
        lib.define("smartSummarize", GROUP, "summarize with buckets starting at the request's "
                + "start, optionally aligned to a unit first.", TimeFunctions::smartSummarize,
                seriesList(), Param.required("intervalString", ParamType.INTERVAL)
                        .withSuggestions(INTERVAL_SUGGESTIONS),
                aggFunc("func", "sum"), Param.optional("alignTo", ParamType.STRING));
        lib.define("hitcount", GROUP, "Estimates hits per interval from per-second rates, "
                + "spreading each value over the buckets its step covers.",
                TimeFunctions::hitcount, seriesList(),
                Param.required("intervalString", ParamType.INTERVAL)
                        .withSuggestions(INTERVAL_SUGGESTIONS),
                Param.optional("alignToInterval", ParamType.BOOLEAN, false));
        lib.define("timeShift", GROUP, "The series as they were some time ago (a leading + "
                + "shifts forward), drawn over the request's window.", TimeFunctions::timeShift,
                seriesList(), Param.required("timeShift", ParamType.INTERVAL)
                        .withSuggestions(List.of("1h", "6h", "12h", "1d", "2d", "7d", "14d",
                                "30d")),
                Param.optional("resetEnd", ParamType.BOOLEAN, true),
                Param.optional("alignDST", ParamType.BOOLEAN, false));
        lib.define("timeStack", GROUP, "The series shifted by timeShiftStart..timeShiftEnd-1 "
                + "units, all drawn over the request's window.", TimeFunctions::timeStack,
                seriesList(), Param.optional("timeShiftUnit", ParamType.INTERVAL, "1d")
                        .withSuggestions(List.of("1h", "6h", "12h", "1d", "2d", "7d", "14d",
                                "30d")),
                Param.optional("timeShiftStart", ParamType.INTEGER, 0L),
                Param.optional("timeShiftEnd", ParamType.INTEGER, 7L));
        lib.define("timeSlice", GROUP, "Keeps only the values between two times.",
                TimeFunctions::timeSlice, seriesList(),
                Param.required("startSliceAt", ParamType.DATE),
                Param.optional("endSliceAt", ParamType.DATE, "now"));
    }

    static long intervalSeconds(Invocation call, String text) {
        return AtTime.offsetSeconds(text.strip().toLowerCase(Locale.ROOT).replace(" ", ""), text);
    }

    private static int positiveInterval(Invocation call, String text) {
        long interval = intervalSeconds(call, text);
        if (interval == 0) {
            throw call.error("interval '" + text + "' parsed to 0");
        }
        if (Math.abs(interval) > Integer.MAX_VALUE) {
            throw call.error("interval '" + text + "' is too long");
        }
        return (int) interval;
    }

    private static List<Series> summarize(Invocation call) {
        String intervalString = call.string(1);
        String func = call.string(2);
        boolean alignToFrom = call.bool(3);
        int interval = positiveInterval(call, intervalString);
        List<Series> out = new ArrayList<>();
        for (Series s : call.series(0)) {
            long newStart;
            long newEnd;
            if (alignToFrom) {
                newStart = s.start();
                newEnd = s.end();
            } else {
                newStart = s.start() - Math.floorMod(s.start(), interval);
                newEnd = s.end() - Math.floorMod(s.end(), interval) + interval;
            }
            call.context().budget().chargePoints((newEnd - newStart) / interval + 1);
            Summary summary = summarizeValues(s, func, interval, newStart, newEnd);
            if (alignToFrom) {
                newEnd = summary.end();
            }
            String name = "summarize(" + s.name() + ", \"" + intervalString + "\", \"" + func
                    + "\"" + (alignToFrom ? ", true" : "") + ")";
            out.add(s.withTag("summarize", intervalString).withTag("summarizeFunction", func)
                    .copy(name, newStart, newEnd, interval, summary.values()));
        }
        return out;
    }

    record Summary(double[] values, long end) {
    }

    /** graphite-web's _summarizeValues, bucket by bucket. */
    static Summary summarizeValues(Series series, String func, int interval, long newStart,
            long newEnd) {
        Aggregation.Aggregator aggregator = Aggregation.of(func);
        int numPoints = (int) Math.min(Math.max(0, ceilDiv(series.end() - series.start(),
                series.step())), series.size());
        double intervalPoints = (double) interval / series.step();
        List<Double> values = new ArrayList<>();
        long timestamp = newStart;
        int i = 0;
        while (timestamp < newEnd) {
            int s = i;
            int nonNull = 0;
            while (i < numPoints && series.timestampAt(i) < timestamp + interval) {
                long t = series.timestampAt(i);
                if (t <= timestamp) {
                    s = i;
                }
                if (t >= timestamp && !Double.isNaN(series.value(i))) {
                    nonNull++;
                }
                i++;
            }
            if (Aggregation.xff(nonNull, intervalPoints, series.xFilesFactor())) {
                values.add(aggregator.apply(Arrays.copyOfRange(series.values(), s, i)));
            } else {
                values.add(Double.NaN);
            }
            timestamp += interval;
        }
        return new Summary(values.stream().mapToDouble(Double::doubleValue).toArray(), timestamp);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static List<Series> smartSummarize(Invocation call) {
        String intervalString = call.string(1);
        String func = call.string(2);
        int interval = positiveInterval(call, intervalString);
        List<Series> list = call.series(0);
        Object alignTo = call.value(3);
        if (alignTo instanceof String unit && !unit.isEmpty()) {
            long aligned = alignStart(call, unit);
            list = call.reevaluate(0, call.context().withRange(aligned, call.context().until()));
        }
        List<Series> out = new ArrayList<>();
        for (Series s : list) {
            call.context().budget().chargePoints((s.end() - s.start()) / interval + 1);
            Summary summary = summarizeValues(s, func, interval, s.start(), s.end());
            String name = "smartSummarize(" + s.name() + ", \"" + intervalString + "\", \""
                    + func + "\")";
            out.add(s.withTag("smartSummarize", intervalString)
                    .withTag("smartSummarizeFunction", func)
                    .copy(name, s.start(), summary.end(), interval, summary.values()));
        }
        return out;
    }

    private static long alignStart(Invocation call, String alignTo) {
        ZonedDateTime start = Instant.ofEpochSecond(call.context().from())
                .atZone(call.context().zone());
        String unit = alignTo.replaceAll("^[0-9]+", "");
        long seconds = AtTime.unitSeconds(unit, alignTo);
        ZonedDateTime aligned;
        if (unit.startsWith("y")) {
            aligned = start.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
        } else if (unit.startsWith("mon")) {
            aligned = start.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
        } else if (unit.startsWith("w")) {
            int isoDay = Character.isLetter(alignTo.charAt(alignTo.length() - 1)) ? 1
                    : alignTo.charAt(alignTo.length() - 1) - '0';
            int back = start.getDayOfWeek().getValue() - isoDay;
            if (back < 0) {
                back += 7;
            }
            aligned = start.truncatedTo(ChronoUnit.DAYS).minusDays(back);
        } else if (seconds == 86_400) {
            aligned = start.truncatedTo(ChronoUnit.DAYS);
        } else if (seconds == 3600) {
            aligned = start.truncatedTo(ChronoUnit.HOURS);
        } else if (seconds == 60) {
            aligned = start.truncatedTo(ChronoUnit.MINUTES);
        } else {
            aligned = start.truncatedTo(ChronoUnit.SECONDS);
        }
        return aligned.toEpochSecond();
    }

    private static List<Series> hitcount(Invocation call) {
        String intervalString = call.string(1);
        boolean alignToInterval = call.bool(2);
        int interval = positiveInterval(call, intervalString);
        List<Series> list = call.series(0);
        if (alignToInterval) {
            ZonedDateTime s = Instant.ofEpochSecond(call.context().from())
                    .atZone(call.context().zone());
            ZonedDateTime aligned = s;
            if (interval >= 86_400) {
                aligned = s.truncatedTo(ChronoUnit.DAYS);
            } else if (interval >= 3600) {
                aligned = s.truncatedTo(ChronoUnit.HOURS);
            } else if (interval >= 60) {
                aligned = s.truncatedTo(ChronoUnit.MINUTES);
            }
            List<Series> realigned = call.reevaluate(0,
                    call.context().withRange(aligned.toEpochSecond(), call.context().until()));
            list = new ArrayList<>();
            for (Series series : realigned) {
                long count = (series.end() - series.start()) / interval;
                list.add(series.changed(series.name(), series.start(), series.start()
                        + count * interval + interval, series.step(), series.values()));
            }
        }
        List<Series> out = new ArrayList<>();
        for (Series series : list) {
            int step = series.step();
            long buckets = (long) Math.ceil((double) (series.end() - series.start()) / interval);
            call.context().budget().chargePoints(2 * Math.max(0, buckets));
            int bucketCount = (int) buckets;
            double[][] sums = new double[2][Math.max(0, bucketCount)];
            long newStart = series.end() - (long) bucketCount * interval;
            for (int i = 0; i < series.size(); i++) {
                double value = series.value(i);
                if (Double.isNaN(value)) {
                    continue;
                }
                long startTime = series.start() + (long) i * step;
                long startBucket = Math.floorDiv(startTime - newStart, interval);
                long startMod = Math.floorMod(startTime - newStart, interval);
                long endTime = startTime + step;
                long endBucket = Math.floorDiv(endTime - newStart, interval);
                long endMod = Math.floorMod(endTime - newStart, interval);
                if (endBucket >= bucketCount) {
                    endBucket = bucketCount - 1;
                    endMod = interval;
                }
                if (startBucket == endBucket) {
                    if (startBucket >= 0) {
                        add(sums, startBucket, value * (endMod - startMod));
                    }
                } else {
                    if (startBucket >= 0) {
                        add(sums, startBucket, value * (interval - startMod));
                    }
                    double perBucket = value * interval;
                    for (long j = startBucket + 1; j < endBucket; j++) {
                        add(sums, j, perBucket);
                    }
                    if (endMod > 0) {
                        add(sums, endBucket, value * endMod);
                    }
                }
            }
            double[] values = new double[Math.max(0, bucketCount)];
            for (int b = 0; b < values.length; b++) {
                values[b] = sums[1][b] > 0 ? sums[0][b] : Double.NaN;
            }
            String name = "hitcount(" + series.name() + ", \"" + intervalString + "\""
                    + (alignToInterval ? ", true" : "") + ")";
            out.add(series.withTag("hitcount", intervalString).copy(name, newStart,
                    series.end(), interval, values));
        }
        return out;
    }

    private static void add(double[][] sums, long bucket, double value) {
        if (bucket >= 0 && bucket < sums[0].length) {
            sums[0][(int) bucket] += value;
            sums[1][(int) bucket] = 1;
        }
    }

    private static List<Series> timeShift(Invocation call) {
        String shift = call.string(1).strip();
        if (!shift.isEmpty() && Character.isDigit(shift.charAt(0))) {
            shift = "-" + shift;
        }
        long delta = intervalSeconds(call, shift);
        List<Series> list = call.series(0);
        if (list.isEmpty()) {
            return List.of();
        }
        Series first = list.get(0);
        RenderContext context = call.context();
        long from = context.from() + delta;
        long until = context.until() + delta;
        if (call.bool(3)) {
            long[] dst = dstAdjust(context, from, until);
            from += dst[0];
            until += dst[0];
        }
        List<Series> out = new ArrayList<>();
        for (Series shifted : call.reevaluate(0, context.withRange(from, until))) {
            long end = call.bool(2) ? first.end()
                    : shifted.end() - shifted.start() + first.start();
            out.add(shifted.withTag("timeShift", shift).changed("timeShift(" + shifted.name()
                    + ", \"" + shift + "\")", first.start(), end, shifted.step(),
                    shifted.values()));
        }
        return out;
    }

    /** graphite-web's alignDST: one hour when the shifted window is wholly in other DST. */
    private static long[] dstAdjust(RenderContext context, long from, long until) {
        var rules = context.zone().getRules();
        boolean reqStart = rules.isDaylightSavings(Instant.ofEpochSecond(context.from()));
        boolean reqEnd = rules.isDaylightSavings(Instant.ofEpochSecond(context.until()));
        boolean myStart = rules.isDaylightSavings(Instant.ofEpochSecond(from));
        boolean myEnd = rules.isDaylightSavings(Instant.ofEpochSecond(until));
        if (reqStart && reqEnd && !myStart && !myEnd) {
            return new long[] {3600};
        }
        if (!reqStart && !reqEnd && myStart && myEnd) {
            return new long[] {-3600};
        }
        return new long[] {0};
    }

    private static List<Series> timeStack(Invocation call) {
        String unit = call.string(1).strip();
        if (!unit.isEmpty() && Character.isDigit(unit.charAt(0))) {
            unit = "-" + unit;
        }
        long delta = intervalSeconds(call, unit);
        List<Series> list = call.series(0);
        if (list.isEmpty()) {
            return List.of();
        }
        Series first = list.get(0);
        long startShift = call.integer(2);
        long endShift = call.integer(3);
        if (endShift - startShift > 1000) {
            throw call.error("at most 1000 shifts");
        }
        List<Series> out = new ArrayList<>();
        for (long shift = startShift; shift < endShift; shift++) {
            long inner = delta * shift;
            RenderContext shifted = call.context().withRange(call.context().from() + inner,
                    call.context().until() + inner);
            for (Series s : call.reevaluate(0, shifted)) {
                String name = "timeShift(" + s.name() + ", " + unit + ", " + shift + ")";
                out.add(s.withTag("timeShiftUnit", unit).withTag("timeShift",
                        Long.toString(shift)).copy(name, first.start(), first.end(), s.step(),
                        s.values()).withPathExpression(name));
            }
        }
        return out;
    }

    private static List<Series> timeSlice(Invocation call) {
        RenderContext context = call.context();
        long start = AtTime.parse(call.string(1), context.zone(), context.now());
        long end = AtTime.parse(call.string(2), context.zone(), context.now());
        List<Series> out = new ArrayList<>();
        for (Series s : call.series(0)) {
            double[] values = s.values().clone();
            long current = context.from();
            for (int i = 0; i < values.length; i++) {
                if (current < start || current > end) {
                    values[i] = Double.NaN;
                }
                current += s.step();
            }
            String name = "timeSlice(" + s.name() + ", " + start + ", " + end + ")";
            out.add(s.withTag("timeSliceStart", Long.toString(start))
                    .withTag("timeSliceEnd", Long.toString(end)).withValues(values)
                    .withName(name));
        }
        return out;
    }

}
