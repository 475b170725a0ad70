package org.dkumonitor.server.render.functions;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The render functions served, by name. {@link #standard()} holds every function implemented;
 * /functions describes exactly this set.
 */
public final class FunctionLibrary {

    private final Map<String, FunctionDef> functions = new TreeMap<>();

    public static FunctionLibrary standard() {
        FunctionLibrary library = new FunctionLibrary();
        CombineFunctions.register(library);
        TransformFunctions.register(library);
        CalculateFunctions.register(library);
        FilterFunctions.register(library);
        AliasFunctions.register(library);
        SpecialFunctions.register(library);
        HoltWinters.register(library);
        CallsPerGroup.register(library);
        EventFunctions.register(library);
        // graphite-web's alternative names (its SeriesFunctions table)
        library.alias("sum", "sumSeries");
        library.alias("avg", "averageSeries");
        library.alias("pct", "asPercent");
        library.alias("map", "mapSeries");
        return library;
    }

    void define(String name, String group, String description, SeriesFunction body,
            Param... params) {
        add(new FunctionDef(name, group, List.of(params), description, false, body));
    }

    void defineAggregator(String name, String group, String description, SeriesFunction body,
            Param... params) {
        add(new FunctionDef(name, group, List.of(params), description, true, body));
    }

    private void alias(String alias, String target) {
        FunctionDef def = functions.get(target);
        add(new FunctionDef(alias, def.group(), def.params(), def.description(),
                def.aggregator(), def.body()));
    }

    private void add(FunctionDef function) {
        if (functions.putIfAbsent(function.name(), function) != null) {
            throw new IllegalStateException("function defined twice: " + function.name());
        }
    }

    public FunctionDef get(String name) {
        return functions.get(name);
    }

    public Collection<FunctionDef> all() {
        return Collections.unmodifiableCollection(functions.values());
    }

    /** The names groupByNode and groupByNodes accept as a callback besides aggregations. */
    List<String> aggregatorNames() {
        return functions.values().stream().filter(FunctionDef::aggregator)
                .map(FunctionDef::name).toList();
    }

    // parameter shorthands used by the function groups
    static Param seriesList() {
        return Param.required("seriesList", ParamType.SERIES_LIST);
    }

    static Param seriesLists() {
        return Param.multiple("seriesLists", ParamType.SERIES_LIST, true);
    }

    static Param aggFunc(String name, String defaultValue) {
        Param param = defaultValue == null ? Param.required(name, ParamType.AGG_FUNC)
                : Param.optional(name, ParamType.AGG_FUNC, defaultValue);
        return param.withOptions(Aggregation.NAMES.stream().sorted().toList());
    }

    static final List<String> INTERVAL_SUGGESTIONS = List.of("10min", "1h", "1d");
    static final List<String> INT_OR_INTERVAL_SUGGESTIONS = List.of(5, 7, 10, "1min", "5min",
            "10min", "30min", "1hour").stream().map(Object::toString).toList();
}
