package org.dkumonitor.server.render.functions;

import java.util.List;

/**
 * One declared parameter of a function, as graphite-web declares it: it drives argument binding
 * and validation and is what /functions reports.
 */
public record Param(String name, ParamType type, boolean required, Object defaultValue,
        boolean multiple, List<String> options, List<String> suggestions) {

    public Param {
        options = options == null ? List.of() : List.copyOf(options);
        suggestions = suggestions == null ? List.of() : List.copyOf(suggestions);
    }

    static Param required(String name, ParamType type) {
        return new Param(name, type, true, null, false, null, null);
    }

    static Param optional(String name, ParamType type) {
        return new Param(name, type, false, null, false, null, null);
    }

    static Param optional(String name, ParamType type, Object defaultValue) {
        return new Param(name, type, false, defaultValue, false, null, null);
    }

    static Param multiple(String name, ParamType type, boolean required) {
        return new Param(name, type, required, null, true, null, null);
    }

    Param withOptions(List<String> values) {
        return new Param(name, type, required, defaultValue, multiple, values, suggestions);
    }

    Param withSuggestions(List<String> values) {
        return new Param(name, type, required, defaultValue, multiple, options, values);
    }
}
