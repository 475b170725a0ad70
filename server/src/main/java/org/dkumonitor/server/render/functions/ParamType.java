package org.dkumonitor.server.render.functions;

/** graphite-web's parameter types (functions/params.py), by the name /functions reports. */
public enum ParamType {
    SERIES_LIST("seriesList"),
    SERIES_LISTS("seriesLists"),
    SERIES("series"),
    STRING("string"),
    INTEGER("integer"),
    FLOAT("float"),
    BOOLEAN("boolean"),
    NODE("node"),
    NODE_OR_TAG("nodeOrTag"),
    TAG("tag"),
    INT_OR_INTERVAL("intOrInterval"),
    INT_OR_INF("intOrInf"),
    INTERVAL("interval"),
    DATE("date"),
    AGG_FUNC("aggFunc"),
    AGG_OR_SERIES_FUNC("aggOrSeriesFunc"),
    ANY("any");

    private final String jsonName;

    ParamType(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    boolean isSeries() {
        return this == SERIES_LIST || this == SERIES_LISTS || this == SERIES;
    }
}
