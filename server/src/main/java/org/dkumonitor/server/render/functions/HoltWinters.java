package org.dkumonitor.server.render.functions;

import static org.dkumonitor.server.render.functions.FunctionLibrary.seriesList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dkumonitor.server.render.Series;
import org.dkumonitor.server.render.time.AtTime;

/**
 * graphite-web's Holt-Winters functions (alpha = gamma = 0.1, beta = 0.0035): the series is
 * read again from {@code bootstrapInterval} before the window, analysed, and the bootstrap part
 * dropped. graphite-web shares one tags dict between the series and its forecast/deviation, so
 * their tags accumulate; we reproduce the tags it ends up with.
 */
final class HoltWinters {

    private static final double ALPHA = 0.1;
    private static final double GAMMA = 0.1;
    private static final double BETA = 0.0035;

    private HoltWinters() {
    }

    static void register(FunctionLibrary lib) {
        Param bootstrap = Param.optional("bootstrapInterval", ParamType.INTERVAL, "7d")
                .withSuggestions(List.of("7d", "30d"));
        Param seasonality = Param.optional("seasonality", ParamType.INTERVAL, "1d")
                .withSuggestions(List.of("1d", "7d"));
        Param delta = Param.optional("delta", ParamType.INTEGER, 3L);
        lib.define("holtWintersForecast", "Calculate", "The Holt-Winters forecast of each series.",
                call -> forecast(call, call.string(1), call.string(2)), seriesList(), bootstrap,
                seasonality);
        lib.define("holtWintersConfidenceBands", "Calculate", "The upper and lower bands, delta "
                + "deviations around the Holt-Winters forecast.", call -> bands(call,
                        ((Number) call.value(1)).doubleValue(), call.string(2), call.string(3)),
                seriesList(), delta, bootstrap, seasonality);
        lib.define("holtWintersConfidenceArea", "Calculate", "The area between the "
                + "Holt-Winters confidence bands.", HoltWinters::area, seriesList(), delta,
                bootstrap, seasonality);
        lib.define("holtWintersAberration", "Calculate", "How far each value lies outside the "
                + "Holt-Winters confidence bands (0 inside).", HoltWinters::aberration,
                seriesList(), delta, bootstrap, seasonality);
    }

    private record Analysis(double[] predictions, double[] deviations) {
    }

    static long seconds(String interval) {
        return AtTime.offsetSeconds(interval.strip().toLowerCase(Locale.ROOT), interval);
    }

    private static Analysis analyse(Series series, String seasonality) {
        long seasonLength = seconds(seasonality) / series.step();
        int n = series.size();
        double[] intercepts = new double[n];
        double[] slopes = new double[n];
        double[] seasonals = new double[n];
        double[] predictions = new double[n];
        double[] deviations = new double[n];
        double nextPred = Double.NaN;
        for (int i = 0; i < n; i++) {
            double actual = series.value(i);
            if (Double.isNaN(actual)) {
                intercepts[i] = Double.NaN;
                slopes[i] = 0;
                seasonals[i] = 0;
                predictions[i] = nextPred;
                deviations[i] = 0;
                nextPred = Double.NaN;
                continue;
            }
            double lastIntercept;
            double lastSlope;
            double prediction;
            if (i == 0) {
                lastIntercept = actual;
                lastSlope = 0;
                prediction = actual;
            } else {
                lastIntercept = intercepts[i - 1];
                lastSlope = slopes[i - 1];
                if (Double.isNaN(lastIntercept)) {
                    lastIntercept = actual;
                }
                prediction = nextPred;
            }
            double lastSeasonal = i - seasonLength >= 0 ? seasonals[(int) (i - seasonLength)] : 0;
            double nextLastSeasonal = i + 1 - seasonLength >= 0
                    ? seasonals[(int) (i + 1 - seasonLength)] : 0;
            double lastSeasonalDev = i - seasonLength >= 0
                    ? deviations[(int) (i - seasonLength)] : 0;
            double intercept = ALPHA * (actual - lastSeasonal)
                    + (1 - ALPHA) * (lastIntercept + lastSlope);
            double slope = BETA * (intercept - lastIntercept) + (1 - BETA) * lastSlope;
            double seasonal = GAMMA * (actual - intercept) + (1 - GAMMA) * lastSeasonal;
            nextPred = intercept + slope + nextLastSeasonal;
            double predicted = Double.isNaN(prediction) ? 0 : prediction;
            double deviation = GAMMA * Math.abs(actual - predicted)
                    + (1 - GAMMA) * lastSeasonalDev;
            intercepts[i] = intercept;
            slopes[i] = slope;
            seasonals[i] = seasonal;
            predictions[i] = prediction;
            deviations[i] = deviation;
        }
        return new Analysis(predictions, deviations);
    }

    private static List<Series> preview(Invocation call, String bootstrapInterval) {
        long previewSeconds = seconds(bootstrapInterval);
        RenderContext c = call.context();
        return call.reevaluate(0, c.withRange(c.from() - previewSeconds, c.until()));
    }

    private static Map<String, String> tags(Series series, String... added) {
        Map<String, String> tags = new LinkedHashMap<>(series.tags());
        for (String tag : added) {
            tags.put(tag, "1");
        }
        return tags;
    }

    private static double[] drop(double[] values, long points) {
        int from = (int) Math.min(values.length, Math.max(0, points));
        return Arrays.copyOfRange(values, from, values.length);
    }

    private static List<Series> forecast(Invocation call, String bootstrapInterval,
            String seasonality) {
        long previewSeconds = seconds(bootstrapInterval);
        List<Series> out = new ArrayList<>();
        for (Series series : preview(call, bootstrapInterval)) {
            Analysis analysis = analyse(series, seasonality);
            long windowPoints = previewSeconds / series.step();
            out.add(new Series("holtWintersForecast(" + series.name() + ")",
                    series.start() + previewSeconds, series.end(), series.step(),
                    drop(analysis.predictions(), windowPoints), null,
                    tags(series, "holtWintersForecast", "holtWintersDeviation"), null,
                    series.xFilesFactor()));
        }
        return out;
    }

    private static List<Series> bands(Invocation call, double delta, String bootstrapInterval,
            String seasonality) {
        long previewSeconds = seconds(bootstrapInterval);
        List<Series> out = new ArrayList<>();
        for (Series series : preview(call, bootstrapInterval)) {
            Analysis analysis = analyse(series, seasonality);
            long windowPoints = previewSeconds / series.step();
            double[] forecast = drop(analysis.predictions(), windowPoints);
            double[] deviation = drop(analysis.deviations(), windowPoints);
            double[] upper = new double[forecast.length];
            double[] lower = new double[forecast.length];
            for (int i = 0; i < forecast.length; i++) {
                if (Double.isNaN(forecast[i]) || Double.isNaN(deviation[i])) {
                    upper[i] = Double.NaN;
                    lower[i] = Double.NaN;
                } else {
                    upper[i] = forecast[i] + delta * deviation[i];
                    lower[i] = forecast[i] - delta * deviation[i];
                }
            }
            Map<String, String> tags = tags(series, "holtWintersForecast",
                    "holtWintersDeviation", "holtWintersConfidenceUpper",
                    "holtWintersConfidenceLower");
            long start = series.start() + previewSeconds;
            out.add(new Series("holtWintersConfidenceLower(" + series.name() + ")", start,
                    series.end(), series.step(), lower, series.pathExpression(), tags, null,
                    series.xFilesFactor()));
            out.add(new Series("holtWintersConfidenceUpper(" + series.name() + ")", start,
                    series.end(), series.step(), upper, series.pathExpression(), tags, null,
                    series.xFilesFactor()));
        }
        return out;
    }

    private static List<Series> area(Invocation call) {
        List<Series> bands = bands(call, ((Number) call.value(1)).doubleValue(), call.string(2),
                call.string(3));
        if (bands.size() != 2) {
            throw call.error("areaBetween series argument must reference *exactly* 2 series");
        }
        Series upper = bands.get(1);
        Map<String, String> tags = new LinkedHashMap<>(upper.tags());
        tags.put("holtWintersConfidenceArea", "1");
        String name = "holtWintersConfidenceArea(" + upper.pathExpression() + ")";
        return List.of(bands.get(0).withTags(tags).renamed(name), upper.withTags(tags)
                .renamed(name));
    }

    private static List<Series> aberration(Invocation call) {
        List<Series> bands = bands(call, ((Number) call.value(1)).doubleValue(), call.string(2),
                call.string(3));
        Map<String, Series> byName = new LinkedHashMap<>();
        for (Series band : bands) {
            byName.put(band.name(), band);
        }
        List<Series> out = new ArrayList<>();
        for (Series series : call.series(0)) {
            Series lower = byName.get("holtWintersConfidenceLower(" + series.name() + ")");
            Series upper = byName.get("holtWintersConfidenceUpper(" + series.name() + ")");
            if (lower == null || upper == null) {
                throw call.error("no confidence bands for " + series.name());
            }
            double[] values = new double[series.size()];
            for (int i = 0; i < values.length; i++) {
                double actual = series.value(i);
                double up = i < upper.size() ? upper.value(i) : Double.NaN;
                double low = i < lower.size() ? lower.value(i) : Double.NaN;
                if (Double.isNaN(actual)) {
                    values[i] = 0;
                } else if (!Double.isNaN(up) && actual > up) {
                    values[i] = actual - up;
                } else if (!Double.isNaN(low) && actual < low) {
                    values[i] = actual - low;
                } else {
                    values[i] = 0;
                }
            }
            out.add(new Series("holtWintersAberration(" + series.name() + ")", series.start(),
                    series.end(), series.step(), values, null,
                    tags(series, "holtWintersAberration"), null, series.xFilesFactor()));
        }
        return out;
    }
}
