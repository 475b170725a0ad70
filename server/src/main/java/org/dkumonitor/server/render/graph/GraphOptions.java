package org.dkumonitor.server.render.graph;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The graph parameters of a png/svg render, with graphite-web's defaults (330x250, black on
 * white, the colour list blue, green, red, …) and colour names (its colorAliases) or hex values
 * ({@code ff0000}, {@code #ff000080}).
 */
public record GraphOptions(int width, int height, boolean svg, String title, String vtitle,
        Color background, Color foreground, Color majorGrid, Color minorGrid, List<Color> colors,
        double lineWidth, String lineMode, String areaMode, double areaAlpha, boolean hideLegend,
        boolean hideAxes, boolean hideGrid, boolean graphOnly, Double yMin, Double yMax,
        double logBase, float fontSize, boolean drawNullAsZero, int margin) {

    private static final Map<String, Color> ALIASES = Map.ofEntries(
            Map.entry("black", new Color(0, 0, 0)), Map.entry("white", new Color(255, 255, 255)),
            Map.entry("blue", new Color(100, 100, 255)), Map.entry("green", new Color(0, 200, 0)),
            Map.entry("red", new Color(200, 0, 50)), Map.entry("yellow", new Color(255, 255, 0)),
            Map.entry("orange", new Color(255, 165, 0)),
            Map.entry("purple", new Color(200, 100, 255)),
            Map.entry("brown", new Color(150, 100, 50)), Map.entry("cyan", new Color(0, 255, 255)),
            Map.entry("aqua", new Color(0, 150, 150)), Map.entry("gray", new Color(175, 175, 175)),
            Map.entry("grey", new Color(175, 175, 175)),
            Map.entry("magenta", new Color(255, 0, 255)),
            Map.entry("pink", new Color(255, 100, 100)), Map.entry("gold", new Color(200, 200, 0)),
            Map.entry("rose", new Color(200, 150, 200)),
            Map.entry("darkblue", new Color(0, 0, 255)),
            Map.entry("darkgreen", new Color(0, 255, 0)),
            Map.entry("darkred", new Color(255, 0, 0)),
            Map.entry("darkgray", new Color(111, 111, 111)),
            Map.entry("darkgrey", new Color(111, 111, 111)));
    private static final String DEFAULT_COLORS =
            "blue,green,red,purple,brown,yellow,aqua,grey,magenta,pink,gold,rose";
    private static final int MAX_PIXELS = 4096;

    public static GraphOptions parse(Function<String, String> parameter, boolean svg) {
        Params p = new Params(parameter);
        int width = dimension(p, "width", 330);
        int height = dimension(p, "height", 250);
        List<Color> colors = new ArrayList<>();
        for (String name : p.get("colorList", DEFAULT_COLORS).split(",")) {
            if (!name.isBlank()) {
                colors.add(color(name.strip()));
            }
        }
        if (colors.isEmpty()) {
            colors.add(color("blue"));
        }
        String lineMode = p.get("lineMode", "slope");
        if (!List.of("slope", "staircase", "connected").contains(lineMode)) {
            throw new GraphOptionException("lineMode must be slope, staircase or connected, found '"
                    + lineMode + "'");
        }
        String areaMode = p.get("areaMode", "none");
        if (!List.of("none", "first", "all", "stacked").contains(areaMode)) {
            throw new GraphOptionException("areaMode must be none, first, all or stacked, found '"
                    + areaMode + "'");
        }
        double logBase = number(p, "logBase", 0);
        if (logBase != 0 && logBase <= 1) {
            throw new GraphOptionException("logBase must be above 1, found " + logBase);
        }
        boolean graphOnly = bool(p, "graphOnly");
        return new GraphOptions(width, height, svg, p.get("title", ""), p.get("vtitle", ""),
                color(p.get("bgcolor", "white")), color(p.get("fgcolor", "black")),
                color(p.get("majorGridLineColor", "rose")),
                color(p.get("minorGridLineColor", "grey")), colors,
                number(p, "lineWidth", 1.2), lineMode, areaMode, number(p, "areaAlpha", 1.0),
                bool(p, "hideLegend") || graphOnly, bool(p, "hideAxes") || graphOnly,
                bool(p, "hideGrid") || graphOnly, graphOnly, optional(p, "yMin"),
                optional(p, "yMax"), logBase, (float) number(p, "fontSize", 10),
                bool(p, "drawNullAsZero"), (int) number(p, "margin", 10));
    }

    private static int dimension(Params p, String key, int defaultValue) {
        double value = number(p, key, defaultValue);
        if (value < 1 || value > MAX_PIXELS) {
            throw new GraphOptionException(key + " must be 1.." + MAX_PIXELS + " pixels, found "
                    + p.get(key, ""));
        }
        return (int) value;
    }

    private static double number(Params p, String key, double defaultValue) {
        String value = p.get(key, null);
        if (value == null || value.equalsIgnoreCase("default")) {
            return defaultValue;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (Double.isNaN(parsed) || Double.isInfinite(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new GraphOptionException(key + " must be a number, found '" + value + "'");
        }
    }

    private static Double optional(Params p, String key) {
        String value = p.get(key, null);
        return value == null || value.equalsIgnoreCase("default") ? null : number(p, key, 0);
    }

    private static boolean bool(Params p, String key) {
        String value = p.get(key, "false").toLowerCase(Locale.ROOT);
        return value.equals("true") || value.equals("1");
    }

    /** The request's parameters: the value given for a key, or null. */
    private record Params(Function<String, String> lookup) {

        String get(String key, String defaultValue) {
            String value = lookup.apply(key);
            return value == null || value.isEmpty() ? defaultValue : value;
        }
    }

    /** A colour alias, or hex RRGGBB / RRGGBBAA with or without '#'. */
    static Color color(String text) {
        Color alias = ALIASES.get(text.toLowerCase(Locale.ROOT));
        if (alias != null) {
            return alias;
        }
        String hex = text.startsWith("#") ? text.substring(1) : text;
        if (hex.matches("[0-9a-fA-F]{6}([0-9a-fA-F]{2})?")) {
            int r = Integer.parseInt(hex.substring(0, 2), 16);
            int g = Integer.parseInt(hex.substring(2, 4), 16);
            int b = Integer.parseInt(hex.substring(4, 6), 16);
            int a = hex.length() == 8 ? Integer.parseInt(hex.substring(6, 8), 16) : 255;
            return new Color(r, g, b, a);
        }
        throw new GraphOptionException("unknown colour '" + text
                + "': use a name such as blue or a hex value such as ff0000");
    }
}
