package org.dkumonitor.server.render.target;

import java.util.List;
import java.util.Map;

/**
 * A parsed render target: graphite-web's grammar as a closed set of records. A piped call
 * {@code a.b|sumSeries()} is desugared by the parser into the nested call it means.
 */
public sealed interface Expr {

    /** Where the expression starts in the target text, 1-based. */
    int column();

    /** A metric path or glob, escapes resolved: {@code servers.{web01,web02}.cpu.load}. */
    record Path(String pattern, int column) implements Expr {
    }

    /**
     * A function call with its positional and keyword arguments, in order; {@code raw} is the
     * call as written in the target (graphite-web's {@code tokens.call.raw}), null for a call
     * the parser made (a pipe).
     */
    record Call(String name, List<Expr> args, Map<String, Expr> kwargs, int column, String raw)
            implements Expr {

        public Call {
            args = List.copyOf(args);
            kwargs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(kwargs));
        }

        public Call(String name, List<Expr> args, Map<String, Expr> kwargs, int column) {
            this(name, args, kwargs, column, null);
        }

        /** Without the raw text, which says nothing the rest does not. */
        @Override
        public String toString() {
            return "Call[name=" + name + ", args=" + args + ", kwargs=" + kwargs + ", column="
                    + column + "]";
        }
    }

    /** A quoted string, without its quotes; backslashes are kept as written (as graphite-web). */
    record Text(String value, int column) implements Expr {
    }

    /** A number: {@code integral} when written without a fraction or exponent. */
    record Number(double value, boolean integral, int column) implements Expr {
    }

    /** {@code true} or {@code false}, any case. */
    record Bool(boolean value, int column) implements Expr {
    }

    /** {@code None}, any case. */
    record None(int column) implements Expr {
    }
}
