package org.dkumonitor.server.render.graph;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dkumonitor.server.python.PyFormat;
import org.dkumonitor.server.render.Series;

/**
 * Draws series as a line graph the way graphite-web lays one out: title on top, legend below,
 * y labels on the left with "nice" steps (1, 2, 2.5, 5 × 10^k, or powers of logBase), time
 * labels below, major and minor grid lines, then the lines (slope, staircase or connected
 * across gaps) or areas (first, all, stacked). No series gives a "No Data" graph.
 */
public final class GraphRenderer {

    private static final long[] TIME_STEPS = {1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800,
        3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 1209600, 2592000, 7776000,
        31536000};

    private GraphRenderer() {
    }

    public static void render(List<Series> series, GraphOptions options, long from, long until,
            ZoneId zone, OutputStream out) throws IOException {
        Canvas canvas = Canvas.create(options.svg(), options.width(), options.height(),
                options.fontSize());
        canvas.rect(options.background(), 0, 0, options.width(), options.height());
        double m = options.margin();
        double top = m;
        double bottom = options.height() - m;
        double left = m;
        double right = options.width() - m;
        double lineHeight = canvas.textHeight() + 3;
        if (!options.title().isEmpty() && !options.graphOnly()) {
            canvas.text(options.foreground(), options.title(), options.width() / 2.0,
                    top + canvas.textHeight(), 0);
            top += lineHeight + 4;
        }
        if (series.isEmpty()) {
            canvas.text(options.foreground(), "No Data", options.width() / 2.0,
                    options.height() / 2.0, 0);
            canvas.finish(out);
            return;
        }
        List<double[]> drawn = stackIfNeeded(series, options);
        if (!options.hideLegend()) {
            bottom = legend(canvas, series, options, left, right, bottom, lineHeight);
        }
        double[] range = yRange(drawn, options);
        List<Double> ticks = yTicks(range, options, bottom - top, lineHeight);
        range[0] = Math.min(range[0], ticks.get(0));
        range[1] = Math.max(range[1], ticks.get(ticks.size() - 1));
        if (!options.hideAxes()) {
            double labelWidth = 0;
            for (double tick : ticks) {
                labelWidth = Math.max(labelWidth, canvas.textWidth(label(tick)));
            }
            if (!options.vtitle().isEmpty()) {
                left += lineHeight;
                canvas.verticalText(options.foreground(), options.vtitle(),
                        m + canvas.textHeight(), (top + bottom) / 2);
            }
            left += labelWidth + 6;
            bottom -= lineHeight + 2;
        }
        Plot plot = new Plot(left, top, right, bottom, from, until, range[0], range[1],
                options.logBase());
        grid(canvas, plot, ticks, options, zone);
        draw(canvas, series, drawn, plot, options);
        canvas.finish(out);
    }

    private record Plot(double left, double top, double right, double bottom, long from,
            long until, double yMin, double yMax, double logBase) {

        double x(long t) {
            return left + (right - left) * (t - from) / Math.max(1.0, until - from);
        }

        double y(double v) {
            if (logBase > 0) {
                double lo = Math.log(yMin) / Math.log(logBase);
                double hi = Math.log(yMax) / Math.log(logBase);
                double lv = Math.log(Math.max(v, yMin)) / Math.log(logBase);
                return bottom - (bottom - top) * (lv - lo) / Math.max(1e-12, hi - lo);
            }
            return bottom - (bottom - top) * (v - yMin) / Math.max(1e-12, yMax - yMin);
        }
    }

    private static List<double[]> stackIfNeeded(List<Series> series, GraphOptions options) {
        List<double[]> out = new ArrayList<>();
        double[] total = null;
        for (Series s : series) {
            double[] values = s.values().clone();
            if (options.drawNullAsZero()) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = Double.isNaN(values[i]) ? 0 : values[i];
                }
            }
            if (options.areaMode().equals("stacked")) {
                if (total == null) {
                    total = new double[values.length];
                }
                for (int i = 0; i < values.length && i < total.length; i++) {
                    if (!Double.isNaN(values[i])) {
                        total[i] += values[i];
                        values[i] = total[i];
                    }
                }
            }
            out.add(values);
        }
        return out;
    }

    private static double legend(Canvas canvas, List<Series> series, GraphOptions options,
            double left, double right, double bottom, double lineHeight) {
        double box = canvas.textHeight();
        double columnWidth = 0;
        for (Series s : series) {
            columnWidth = Math.max(columnWidth, canvas.textWidth(s.name()) + box + 12);
        }
        int columns = (int) Math.max(1, Math.floor((right - left) / Math.max(1, columnWidth)));
        int rows = (series.size() + columns - 1) / columns;
        double height = rows * lineHeight;
        if (height > (bottom - options.margin()) / 2) {
            return bottom; // no room: graphite-web hides the legend too
        }
        double y0 = bottom - height;
        for (int i = 0; i < series.size(); i++) {
            double x = left + (i % columns) * columnWidth;
            double y = y0 + (i / columns) * lineHeight;
            canvas.rect(color(options, i), x, y + 2, box, box);
            canvas.text(options.foreground(), series.get(i).name(), x + box + 4, y + box + 1, -1);
        }
        return y0 - 4;
    }

    private static Color color(GraphOptions options, int index) {
        return options.colors().get(index % options.colors().size());
    }

    private static double[] yRange(List<double[]> drawn, GraphOptions options) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] values : drawn) {
            for (double v : values) {
                if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min == Double.POSITIVE_INFINITY) {
            min = 0;
            max = 1;
        }
        if (options.areaMode().equals("stacked") || options.areaMode().equals("all")) {
            min = Math.min(min, 0);
        }
        if (options.yMin() != null) {
            min = options.yMin();
        }
        if (options.yMax() != null) {
            max = options.yMax();
        }
        if (options.logBase() > 0 && min <= 0) {
            min = 1;
        }
        if (max <= min) {
            max = min + (min == 0 ? 1 : Math.abs(min) * 0.1);
        }
        return new double[] {min, max};
    }

    private static List<Double> yTicks(double[] range, GraphOptions options, double height,
            double lineHeight) {
        List<Double> ticks = new ArrayList<>();
        if (options.logBase() > 0) {
            double b = options.logBase();
            double v = Math.pow(b, Math.floor(Math.log(range[0]) / Math.log(b)));
            while (v <= range[1] * b && ticks.size() < 40) {
                ticks.add(v);
                if (v >= range[1]) {
                    break;
                }
                v *= b;
            }
            return ticks;
        }
        int divisions = (int) Math.max(2, Math.min(10, height / (lineHeight * 2)));
        double raw = (range[1] - range[0]) / divisions;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude * 10;
        for (double f : new double[] {1, 2, 2.5, 5, 10}) {
            if (f * magnitude >= raw) {
                step = f * magnitude;
                break;
            }
        }
        double start = Math.floor(range[0] / step) * step;
        double end = Math.ceil(range[1] / step) * step;
        if (options.yMin() != null) {
            start = range[0];
        }
        if (options.yMax() != null) {
            end = range[1];
        }
        for (double v = start; v <= end + step * 1e-9 && ticks.size() < 50; v += step) {
            ticks.add(Math.abs(v) < step * 1e-9 ? 0.0 : v);
        }
        if (ticks.size() < 2) {
            ticks.add(start + step);
        }
        return ticks;
    }

    private static String label(double value) {
        double abs = Math.abs(value);
        String[] prefixes = {"", "K", "M", "G", "T", "P"};
        int i = 0;
        while (abs >= 1000 && i < prefixes.length - 1) {
            abs /= 1000;
            value /= 1000;
            i++;
        }
        return PyFormat.g(Math.round(value * 100) / 100.0) + prefixes[i];
    }

    private static void grid(Canvas canvas, Plot plot, List<Double> ticks, GraphOptions options,
            ZoneId zone) {
        long span = plot.until() - plot.from();
        double width = plot.right() - plot.left();
        long step = TIME_STEPS[TIME_STEPS.length - 1];
        for (long candidate : TIME_STEPS) {
            if (width / Math.max(1.0, (double) span / candidate) >= 70) {
                step = candidate;
                break;
            }
        }
        DateTimeFormatter format = DateTimeFormatter.ofPattern(span <= 2 * 86400 ? "HH:mm"
                : span <= 60 * 86400 ? "MM/dd" : "MM/dd/yy", Locale.ROOT).withZone(zone);
        long offset = zone.getRules().getOffset(Instant.ofEpochSecond(plot.from()))
                .getTotalSeconds();
        long first = Math.floorDiv(plot.from() + offset, step) * step - offset;
        for (long t = first; t <= plot.until(); t += step) {
            if (t < plot.from()) {
                continue;
            }
            double x = plot.x(t);
            if (!options.hideGrid()) {
                canvas.rect(options.minorGrid(), x, plot.top(), 0.6, plot.bottom() - plot.top());
            }
            if (!options.hideAxes()) {
                canvas.text(options.foreground(), format.format(Instant.ofEpochSecond(t)), x,
                        plot.bottom() + canvas.textHeight() + 3, 0);
            }
        }
        for (double tick : ticks) {
            double y = plot.y(tick);
            if (!options.hideGrid()) {
                canvas.rect(options.majorGrid(), plot.left(), y, plot.right() - plot.left(), 0.8);
            }
            if (!options.hideAxes()) {
                canvas.text(options.foreground(), label(tick), plot.left() - 4,
                        y + canvas.textHeight() / 2 - 1, 1);
            }
        }
        if (!options.hideAxes()) {
            canvas.rect(options.foreground(), plot.left(), plot.top(), 1,
                    plot.bottom() - plot.top());
            canvas.rect(options.foreground(), plot.left(), plot.bottom(),
                    plot.right() - plot.left(), 1);
        }
    }

    private static void draw(Canvas canvas, List<Series> series, List<double[]> drawn, Plot plot,
            GraphOptions options) {
        for (int k = series.size() - 1; k >= 0; k--) {
            Series s = series.get(k);
            double[] values = drawn.get(k);
            Color color = color(options, k);
            boolean area = options.areaMode().equals("all") || options.areaMode().equals("stacked")
                    || options.areaMode().equals("first") && k == 0;
            double[] xs = new double[values.length * 2 + 2];
            double[] ys = new double[values.length * 2 + 2];
            int n = 0;
            for (int i = 0; i <= values.length; i++) {
                boolean gap = i == values.length || Double.isNaN(values[i])
                        || Double.isInfinite(values[i]);
                if (gap && options.lineMode().equals("connected") && i < values.length) {
                    continue;
                }
                if (gap) {
                    flush(canvas, color, xs, ys, n, plot, area, options);
                    n = 0;
                    continue;
                }
                double x = plot.x(s.timestampAt(i));
                double y = plot.y(values[i]);
                if (options.lineMode().equals("staircase")) {
                    xs[n] = x;
                    ys[n++] = y;
                    xs[n] = plot.x(s.timestampAt(i) + s.step());
                    ys[n++] = y;
                } else {
                    xs[n] = x;
                    ys[n++] = y;
                }
            }
        }
    }

    private static void flush(Canvas canvas, Color color, double[] xs, double[] ys, int n,
            Plot plot, boolean area, GraphOptions options) {
        if (n == 0) {
            return;
        }
        if (n == 1) {
            canvas.rect(color, xs[0] - 1, ys[0] - 1, 2, 2);
            return;
        }
        if (area) {
            double[] px = new double[n + 2];
            double[] py = new double[n + 2];
            System.arraycopy(xs, 0, px, 0, n);
            System.arraycopy(ys, 0, py, 0, n);
            px[n] = xs[n - 1];
            py[n] = plot.bottom();
            px[n + 1] = xs[0];
            py[n + 1] = plot.bottom();
            Color fill = new Color(color.getRed(), color.getGreen(), color.getBlue(),
                    (int) Math.round(255 * Math.max(0, Math.min(1, options.areaAlpha()))));
            canvas.polygon(fill, px, py, n + 2);
        } else {
            canvas.polyline(color, options.lineWidth(), xs, ys, n);
        }
    }
}
