package org.dkumonitor.server.render.functions;

import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.server.render.Series;
import org.dkumonitor.server.render.target.Expr;

/**
 * One call of a function with its arguments bound to the declared parameters (graphite-web's
 * validateParams): positional arguments in order, the rest of them into a trailing
 * {@code multiple} parameter, keyword arguments by name, defaults where absent. Values are
 * {@code List<Series>}, String, Long (integers), Double, Boolean or null (None).
 */
final class Invocation {

    private final FunctionDef function;
    private final Object[] values;
    private final boolean[] explicit;
    private final Expr[] exprs;
    private final String callText;
    private final RenderContext context;
    private final Evaluator evaluator;

    Invocation(FunctionDef function, Object[] values, boolean[] explicit, Expr[] exprs,
            String callText, RenderContext context, Evaluator evaluator) {
        this.function = function;
        this.values = values;
        this.explicit = explicit;
        this.exprs = exprs;
        this.callText = callText;
        this.context = context;
        this.evaluator = evaluator;
    }

    public RenderContext context() {
        return context;
    }

    /**
     * The call as written in the target (graphite-web's {@code tokens.call.raw}), or null for
     * a call a function made.
     */
    public String callText() {
        return callText;
    }

    public String functionName() {
        return function.name();
    }

    /** Whether the caller passed this parameter (not None), rather than its default applying. */
    public boolean given(int index) {
        return explicit[index] && values[index] != null;
    }

    public Object value(int index) {
        return values[index];
    }

    @SuppressWarnings("unchecked")
    public List<Series> series(int index) {
        Object value = values[index];
        return value == null ? List.of() : new ArrayList<>((List<Series>) value);
    }

    /** The series lists given to a {@code multiple} series parameter, flattened. */
    @SuppressWarnings("unchecked")
    public List<Series> allSeries(int index) {
        List<Series> all = new ArrayList<>();
        Object value = values[index];
        if (value instanceof List<?> lists) {
            for (Object list : lists) {
                all.addAll((List<Series>) list);
            }
        }
        return all;
    }

    /** The values given to a {@code multiple} parameter. */
    public List<Object> rest(int index) {
        Object value = values[index];
        return value instanceof List<?> list ? new ArrayList<>(list) : new ArrayList<>();
    }

    public double number(int index) {
        return ((Number) values[index]).doubleValue();
    }

    public Double optionalNumber(int index) {
        return values[index] == null ? null : ((Number) values[index]).doubleValue();
    }

    public long integer(int index) {
        return ((Number) values[index]).longValue();
    }

    public String string(int index) {
        return values[index] == null ? null : values[index].toString();
    }

    public boolean bool(int index) {
        return Boolean.TRUE.equals(values[index]);
    }

    /** Evaluates the expression given for a parameter again, over another window. */
    public List<Series> reevaluate(int index, RenderContext other) {
        return evaluator.seriesList(exprs[index], other);
    }

    /** Evaluates another target in this request's context (applyByNode). */
    public List<Series> evaluate(Expr expr) {
        return evaluator.seriesList(expr, context);
    }

    /** Calls another function of the library with already evaluated positional arguments. */
    public List<Series> call(String name, Object... args) {
        return evaluator.callWithValues(name, List.of(args), context);
    }

    /** Whether the library serves a function of this name. */
    public boolean hasFunction(String name) {
        return evaluator.library().get(name) != null;
    }

    public FunctionArgumentException error(String message) {
        return new FunctionArgumentException(function.name() + ": " + message);
    }
}
