package org.dkumonitor.server.render.target;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a render target with graphite-web's grammar (render/grammar.py), by recursive descent:
 *
 * <pre>
 * expression := (call | path) ( '|' call )*          a|f(x) means f(a, x)
 * call       := name '(' [ arg (',' arg)* ] ')'      keyword args after positional ones
 * arg        := name '=' value | value
 * value      := boolean | number | None | inf | 'string' | "string" | expression
 * path       := element ('.' element)*               element: path characters, {a,b} groups
 * </pre>
 *
 * A number, boolean, None or inf is only one when followed by {@code ,} {@code )} or the end
 * (so {@code 1.5.foo} is a path, as in graphite-web). Strings keep their backslashes ({@code
 * "\1 A"} is the four characters graphite-web passes to re.sub). Path characters are anything
 * printable but whitespace and {@code (){},.'"\|}; a backslash makes the next of those literal.
 *
 * <p>Two deliberate differences from graphite-web: braces may nest ({@code {a,{b,c}}}, which
 * graphite-web rejects), and trailing text is an error (graphite-web silently ignores it, so
 * {@code sumSeries(a))} would draw). Whitespace is allowed around tokens, not inside paths.
 */
public final class TargetParser {

    private static final String SYMBOLS = "(){},.'\"\\|";
    /** Deeper nesting than this is refused rather than risking the stack. */
    private static final int MAX_DEPTH = 200;
    /** Braces nested deeper than this in a path are refused (the glob matcher's bound). */
    private static final int MAX_BRACE_DEPTH = 32;

    private final String text;
    private int pos;
    private int depth;

    private TargetParser(String text) {
        this.text = text;
    }

    public static Expr parse(String target) {
        TargetParser parser = new TargetParser(target);
        parser.skipSpace();
        if (parser.pos == target.length()) {
            throw parser.error("empty target");
        }
        Expr expr = parser.expression();
        parser.skipSpace();
        if (parser.pos < target.length()) {
            throw parser.error("unexpected '" + target.charAt(parser.pos) + "'"
                    + (target.charAt(parser.pos) == ')' ? " (unbalanced parentheses)" : ""));
        }
        return expr;
    }

    private Expr expression() {
        if (++depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        Expr expr = callOrPath();
        while (true) {
            int save = pos;
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == '|') {
                pos++;
                skipSpace();
                int column = pos + 1;
                String name = identifier();
                if (name == null || !peek('(')) {
                    pos = column - 1;
                    throw error("expected a function call after '|'");
                }
                Expr.Call piped = call(name, column);
                List<Expr> args = new ArrayList<>();
                args.add(expr);
                args.addAll(piped.args());
                expr = new Expr.Call(piped.name(), args, piped.kwargs(), piped.column());
            } else {
                pos = save;
                break;
            }
        }
        depth--;
        return expr;
    }

    private Expr callOrPath() {
        int start = pos;
        String name = identifier();
        if (name != null) {
            int afterName = pos;
            skipSpace();
            if (peek('(')) {
                return call(name, start + 1);
            }
            pos = afterName;
        }
        pos = start;
        return path();
    }

    /** At '(' after the function name. */
    private Expr.Call call(String name, int column) {
        expect('(');
        List<Expr> args = new ArrayList<>();
        Map<String, Expr> kwargs = new LinkedHashMap<>();
        skipSpace();
        if (peek(')')) {
            pos++;
            return new Expr.Call(name, args, kwargs, column, text.substring(column - 1, pos));
        }
        while (true) {
            skipSpace();
            int argStart = pos;
            String keyword = keyword();
            if (keyword != null) {
                if (kwargs.containsKey(keyword)) {
                    pos = argStart;
                    throw error("keyword argument '" + keyword + "' given twice");
                }
                kwargs.put(keyword, value());
            } else {
                if (!kwargs.isEmpty()) {
                    throw error("positional argument after keyword arguments");
                }
                args.add(value());
            }
            skipSpace();
            if (pos >= text.length()) {
                throw error("missing ')' to close " + name + "( (unbalanced parentheses)");
            }
            char c = text.charAt(pos);
            if (c == ',') {
                pos++;
            } else if (c == ')') {
                pos++;
                return new Expr.Call(name, args, kwargs, column,
                        text.substring(column - 1, pos));
            } else {
                throw error("expected ',' or ')' in the arguments of " + name + ", found '" + c
                        + "'");
            }
        }
    }

    /** {@code name =} (not {@code ==}); leaves pos after '=' or restores it. */
    private String keyword() {
        int start = pos;
        String name = identifier();
        if (name != null) {
            skipSpace();
            if (peek('=')) {
                pos++;
                skipSpace();
                return name;
            }
        }
        pos = start;
        return null;
    }

    private Expr value() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("missing argument (unbalanced parentheses)");
        }
        int column = pos + 1;
        char c = text.charAt(pos);
        if (c == '\'' || c == '"') {
            return string(c);
        }
        Expr literal = literal(column);
        if (literal != null) {
            return literal;
        }
        return expression();
    }

    private Expr literal(int column) {
        int start = pos;
        String word = scanWhile(start);
        if (word.isEmpty() || !atArgumentEnd(start + word.length())) {
            return null;
        }
        String lower = word.toLowerCase(java.util.Locale.ROOT);
        Expr result = switch (lower) {
            case "true" -> new Expr.Bool(true, column);
            case "false" -> new Expr.Bool(false, column);
            case "none" -> new Expr.None(column);
            case "inf" -> new Expr.Number(Double.POSITIVE_INFINITY, false, column);
            default -> number(word, column);
        };
        if (result != null) {
            pos = start + word.length();
        }
        return result;
    }

    private static Expr number(String word, int column) {
        if (!word.matches("-?\\d+(\\.\\d+)?([eE]-?\\d+)?")) {
            return null;
        }
        boolean integral = word.matches("-?\\d+");
        if (integral && word.length() > 18) {
            return new Expr.Number(Double.parseDouble(word), false, column);
        }
        return new Expr.Number(Double.parseDouble(word), integral, column);
    }

    private String scanWhile(int from) {
        int end = from;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == '+') {
                end++;
            } else {
                break;
            }
        }
        return text.substring(from, end);
    }

    private boolean atArgumentEnd(int at) {
        int i = at;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i == text.length() || text.charAt(i) == ',' || text.charAt(i) == ')';
    }

    private Expr string(char quote) {
        int column = pos + 1;
        pos++;
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\' && pos + 1 < text.length()) {
                pos += 2;
            } else if (c == quote) {
                String value = text.substring(start, pos);
                pos++;
                return new Expr.Text(value, column);
            } else {
                pos++;
            }
        }
        pos = column - 1;
        throw error("unterminated string starting with " + quote);
    }

    private Expr path() {
        int column = pos + 1;
        StringBuilder out = new StringBuilder();
        element(out);
        while (peek('.')) {
            pos++;
            out.append('.');
            element(out);
        }
        return new Expr.Path(out.toString(), column);
    }

    /** One dot-free element: path characters, escapes and balanced brace groups. */
    private void element(StringBuilder out) {
        int start = pos;
        int braces = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\') {
                if (pos + 1 < text.length() && (SYMBOLS.indexOf(text.charAt(pos + 1)) >= 0
                        || text.charAt(pos + 1) == '=')) {
                    out.append(text.charAt(pos + 1));
                    pos += 2;
                    continue;
                }
                throw error("a backslash in a path must escape one of " + SYMBOLS + " or =");
            }
            if (c == '{') {
                if (++braces > MAX_BRACE_DEPTH) {
                    throw error("braces nested deeper than " + MAX_BRACE_DEPTH);
                }
            } else if (c == '}') {
                if (braces == 0) {
                    throw error("unmatched '}'");
                }
                braces--;
            } else if (c == ',') {
                if (braces == 0) {
                    break;
                }
            } else if (c == '.' && braces > 0) {
                throw error("a '.' inside {…} is not supported; list whole nodes");
            } else if (SYMBOLS.indexOf(c) >= 0 || Character.isWhitespace(c)
                    || Character.isISOControl(c)) {
                break;
            }
            out.append(c);
            pos++;
        }
        if (braces > 0) {
            throw error("missing '}'");
        }
        if (pos == start) {
            if (pos >= text.length()) {
                throw error("unexpected end of target (unbalanced parentheses or an empty node)");
            }
            throw error("unexpected '" + text.charAt(pos) + "'");
        }
    }

    private String identifier() {
        int start = pos;
        if (pos < text.length() && (isAsciiLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
            while (pos < text.length() && (isAsciiLetter(text.charAt(pos))
                    || isAsciiDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            return text.substring(start, pos);
        }
        return null;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private TargetSyntaxException error(String why) {
        return new TargetSyntaxException(text, pos + 1, why);
    }
}
