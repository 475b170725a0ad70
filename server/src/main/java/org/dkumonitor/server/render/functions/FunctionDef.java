package org.dkumonitor.server.render.functions;

import java.util.List;
import org.dkumonitor.server.python.PyFormat;

/**
 * A render function: its name, graphite-web group, declared parameters, a one-paragraph
 * description, and its body. {@code aggregator} marks the functions groupByNode accepts as a
 * callback (graphite-web's {@code aggregator = True}).
 */
public record FunctionDef(String name, String group, List<Param> params, String description,
        boolean aggregator, SeriesFunction body) {

    public FunctionDef {
        params = List.copyOf(params);
    }

    /** graphite-web's "function" field: {@code name(arg1, arg2=default, *rest)}. */
    public String signature() {
        StringBuilder out = new StringBuilder(name).append('(');
        for (int i = 0; i < params.size(); i++) {
            Param param = params.get(i);
            if (i > 0) {
                out.append(", ");
            }
            if (param.multiple()) {
                out.append('*');
            }
            out.append(param.name());
            if (!param.required() && !param.multiple()) {
                out.append('=').append(param.defaultValue() == null ? "None"
                        : PyFormat.repr(param.defaultValue()));
            }
        }
        return out.append(')').toString();
    }
}
