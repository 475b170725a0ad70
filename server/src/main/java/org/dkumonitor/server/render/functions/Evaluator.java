package org.dkumonitor.server.render.functions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dkumonitor.server.limits.Deadline;
import org.dkumonitor.server.python.PyFormat;
import org.dkumonitor.server.python.PyRegexException;
import org.dkumonitor.server.render.Series;
import org.dkumonitor.server.render.target.Expr;
import org.dkumonitor.server.render.time.AtTime;
import org.dkumonitor.server.render.time.TimeFormatException;

/**
 * Evaluates parsed targets as graphite-web's evaluator does: a path reads the matching
 * series, a call evaluates its arguments, binds them to the function's declared parameters
 * (validating each as graphite-web's params.py) and runs the function.
 */
public final class Evaluator {

    private final FunctionLibrary library;

    public Evaluator(FunctionLibrary library) {
        this.library = library;
    }

    FunctionLibrary library() {
        return library;
    }

    /** A whole target: must give series. */
    public List<Series> seriesList(Expr expr, RenderContext context) {
        Object value;
        try {
            value = evaluate(expr, context);
        } catch (PyRegexException e) {
            throw new FunctionArgumentException(e.getMessage());
        }
        if (value instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Series> series = (List<Series>) list;
            return series;
        }
        throw new FunctionArgumentException("expected series, found the value "
                + PyFormat.repr(value) + " at column " + expr.column());
    }

    Object evaluate(Expr expr, RenderContext context) {
        return switch (expr) {
            case Expr.Path path -> context.source().fetch(path.pattern(), context.from(),
                    context.until(), context.now());
            case Expr.Call call -> call(call, context);
            case Expr.Text text -> text.value();
            case Expr.Number number -> number.integral() ? (Object) (long) number.value()
                    : (Object) number.value();
            case Expr.Bool bool -> bool.value();
            case Expr.None none -> null;
        };
    }

    private List<Series> call(Expr.Call call, RenderContext context) {
        Deadline.check(); // a request out of time, or whose client left, stops here
        FunctionDef function = library.get(call.name());
        if (function == null) {
            throw new FunctionArgumentException("unknown function " + call.name() + "() at column "
                    + call.column() + "; GET /functions lists the functions served");
        }
        List<Object> args = new ArrayList<>();
        for (Expr arg : call.args()) {
            args.add(evaluate(arg, context));
        }
        Map<String, Object> kwargs = new java.util.LinkedHashMap<>();
        Map<String, Expr> kwargExprs = call.kwargs();
        for (Map.Entry<String, Expr> kwarg : kwargExprs.entrySet()) {
            kwargs.put(kwarg.getKey(), evaluate(kwarg.getValue(), context));
        }
        return invoke(function, args, new ArrayList<>(call.args()), kwargs, kwargExprs, context,
                call.raw());
    }

    List<Series> callWithValues(String name, List<Object> args, RenderContext context) {
        FunctionDef function = library.get(name);
        if (function == null) {
            throw new FunctionArgumentException("unknown function " + name + "()");
        }
        List<Expr> noExprs = new ArrayList<>(Arrays.asList(new Expr[args.size()]));
        return invoke(function, args, noExprs, Map.of(), Map.of(), context, null);
    }

    private List<Series> invoke(FunctionDef function, List<Object> args, List<Expr> argExprs,
            Map<String, Object> kwargs, Map<String, Expr> kwargExprs, RenderContext context,
            String callText) {
        List<Param> params = function.params();
        String name = function.name();
        Object[] values = new Object[params.size()];
        Expr[] exprs = new Expr[params.size()];
        boolean[] explicit = new boolean[params.size()];
        boolean variadic = !params.isEmpty() && params.get(params.size() - 1).multiple();
        if (args.size() + kwargs.size() > params.size() && !variadic) {
            throw new FunctionArgumentException("Too many parameters specified for function \""
                    + name + "\"");
        }
        for (int i = 0; i < args.size(); i++) {
            int slot = Math.min(i, params.size() - 1);
            Param param = params.get(slot);
            Object value = validate(param, args.get(i), name);
            explicit[slot] = args.get(i) != null;
            if (param.multiple()) {
                if (values[slot] == null) {
                    values[slot] = new ArrayList<>();
                    exprs[slot] = argExprs.get(i);
                }
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) values[slot];
                list.add(value);
            } else {
                values[slot] = value;
                exprs[slot] = argExprs.get(i);
            }
        }
        int used = 0;
        for (int i = args.size(); i < params.size(); i++) {
            Param param = params.get(i);
            Object value = kwargs.get(param.name());
            if (kwargs.containsKey(param.name())) {
                used++;
            }
            if (value == null) {
                if (param.required() && !(param.multiple() && values[i] != null)) {
                    throw new FunctionArgumentException("Missing required parameter \""
                            + param.name() + "\" for function \"" + name + "\"");
                }
                values[i] = param.multiple() ? values[i] : param.defaultValue();
                continue;
            }
            value = validate(param, value, name);
            explicit[i] = true;
            values[i] = param.multiple() ? new ArrayList<>(List.of(value)) : value;
            exprs[i] = kwargExprs.get(param.name());
        }
        if (used < kwargs.size()) {
            List<String> unexpected = new ArrayList<>();
            for (String key : kwargs.keySet()) {
                int index = indexOf(params, key);
                if (index < 0 || index < args.size()) {
                    unexpected.add(key);
                }
            }
            throw new FunctionArgumentException("Unexpected key word arguments: "
                    + String.join(", ", unexpected));
        }
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).required() && values[i] == null) {
                throw new FunctionArgumentException("Missing required parameter \""
                        + params.get(i).name() + "\" for function \"" + name + "\"");
            }
        }
        return function.body().apply(new Invocation(function, values, explicit, exprs, callText,
                context, this));
    }

    private static int indexOf(List<Param> params, String name) {
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** graphite-web's Param.validateValue and the type validators of params.py. */
    private static Object validate(Param param, Object value, String function) {
        if (value == null) {
            if (param.required() && param.defaultValue() == null) {
                throw invalid(param, value, function);
            }
            return param.multiple() ? null : param.defaultValue();
        }
        if (!param.options().isEmpty() && !param.options().contains(PyFormat.str(value))
                && param.type() != ParamType.AGG_FUNC) {
            throw new FunctionArgumentException("Invalid option specified for function \""
                    + function + "\" parameter \"" + param.name() + "\": "
                    + PyFormat.repr(value));
        }
        return switch (param.type()) {
            case SERIES_LIST, SERIES_LISTS, SERIES -> {
                if (!(value instanceof List<?>)) {
                    throw invalid(param, value, function);
                }
                yield value;
            }
            case BOOLEAN -> switch (value) {
                case Boolean b -> b;
                case String s when s.equalsIgnoreCase("true") -> true;
                case String s when s.equalsIgnoreCase("false") -> false;
                case Number n when n.doubleValue() == 0 -> false;
                case Number n when n.doubleValue() == 1 -> true;
                default -> throw invalid(param, value, function);
            };
            case FLOAT -> switch (value) {
                case Number n -> n.doubleValue();
                case Boolean b -> b ? 1.0 : 0.0;
                case String s -> {
                    try {
                        yield Double.parseDouble(s.strip());
                    } catch (NumberFormatException e) {
                        throw invalid(param, value, function);
                    }
                }
                default -> throw invalid(param, value, function);
            };
            case INTEGER, NODE -> integer(param, value, function);
            case INT_OR_INF -> {
                if (value instanceof Double d && d == Double.POSITIVE_INFINITY) {
                    yield d;
                }
                yield integer(param, value, function);
            }
            case INTERVAL -> {
                if (!(value instanceof String s)) {
                    throw invalid(param, value, function);
                }
                try {
                    AtTime.offsetSeconds(s.strip().toLowerCase(java.util.Locale.ROOT), s);
                } catch (TimeFormatException e) {
                    throw invalid(param, value, function);
                }
                yield s;
            }
            case AGG_FUNC -> {
                if (!(value instanceof String s) || !Aggregation.isValidName(s)) {
                    throw new FunctionArgumentException("Invalid \"aggFunc\" value specified for"
                            + " function \"" + function + "\" parameter \"" + param.name()
                            + "\": " + PyFormat.repr(value));
                }
                yield s;
            }
            case STRING, TAG, AGG_OR_SERIES_FUNC, DATE, NODE_OR_TAG, INT_OR_INTERVAL, ANY ->
                    value;
        };
    }

    private static Object integer(Param param, Object value, String function) {
        return switch (value) {
            case Long l -> l;
            case Boolean b -> b ? 1L : 0L;
            case String s -> {
                try {
                    yield Long.parseLong(s.strip());
                } catch (NumberFormatException e) {
                    throw invalid(param, value, function);
                }
            }
            default -> throw invalid(param, value, function);
        };
    }

    private static FunctionArgumentException invalid(Param param, Object value, String function) {
        return new FunctionArgumentException("Invalid \"" + param.type().jsonName()
                + "\" value specified for function \"" + function + "\" parameter \""
                + param.name() + "\": " + (value instanceof List<?> ? "a series list"
                : PyFormat.repr(value)));
    }
}
