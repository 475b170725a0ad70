package org.dkumonitor.core.config;

import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.core.config.YamlNode.Kind;
import org.dkumonitor.core.config.YamlNode.Position;
import org.dkumonitor.core.config.YamlNode.Scalar;

/**
 * A cursor over one line of a {@link PlainYaml} file: its keys, scalars and one-line flow
 * collections. Errors name the line and column.
 */
final class PlainYamlLine {

    /** Flow collections nested deeper than this are refused, not recursed into. */
    private static final int MAX_DEPTH = 32;

    /** YAML 1.1's one-character escapes (as SnakeYAML reads them) and what each stands for. */
    private static final String ESCAPED = "0abt\tnvfre \"\\N_LP";
    private static final String ESCAPES = "\0\u0007\b\t\t\n\u000b\f\r\u001b \"\\"
            + "\u0085\u00a0\u2028\u2029";

    private final String file;
    private final int number;
    private final String text;
    int at;

    PlainYamlLine(String file, int number, String text, int at) {
        this.file = file;
        this.number = number;
        this.text = text;
        this.at = at;
    }

    String text() {
        return text;
    }

    int number() {
        return number;
    }

    Position position(int index) {
        return new Position(number, index + 1);
    }

    ConfigException error(int index, String problem) {
        return new ConfigException(file + ":" + number + ":" + (index + 1) + " " + problem);
    }

    void skipSpaces() {
        while (at < text.length() && text.charAt(at) == ' ') {
            at++;
        }
        if (at < text.length() && text.charAt(at) == '\t') {
            throw error(at, "a tab; indent and separate with spaces");
        }
    }

    /** Nothing but spaces and perhaps a comment remains. */
    boolean atEnd() {
        skipSpaces();
        return at == text.length() || text.charAt(at) == '#';
    }

    /** A list item's dash: {@code -} then a space or the line's end. */
    static boolean isDash(String text, int index) {
        return index < text.length() && text.charAt(index) == '-'
                && (index + 1 == text.length() || text.charAt(index + 1) == ' ');
    }

    /** A key of a block mapping at the cursor, up to and past its colon; null if none. */
    Scalar blockKey() {
        int start = at;
        char c = at < text.length() ? text.charAt(at) : ' ';
        Scalar key;
        if (c == '"' || c == '\'') {
            key = quoted();
            skipSpaces();
            if (at < text.length() && text.charAt(at) == ':' && separated(at + 1, false)) {
                at++;
                return key;
            }
            at = start;
            return null;
        }
        if (c == '{' || c == '[' || isDash(text, at) || c == '#') {
            return null;
        }
        int colon = plainEnd(at, false);
        if (colon >= text.length() || text.charAt(colon) != ':') {
            return null;
        }
        String value = text.substring(at, colon).strip();
        if (value.isEmpty()) {
            throw error(at, "a key is missing before ':'");
        }
        checkPlainStart(at);
        key = new Scalar(value, ScalarKinds.ofPlain(value), position(at));
        at = colon + 1;
        return key;
    }

    /** A value that fits on the rest of the line: a scalar or a flow collection. */
    YamlNode value() {
        return value(false, 0);
    }

    private YamlNode value(boolean flow, int depth) {
        if (depth > MAX_DEPTH) {
            throw error(at, "nested more than " + MAX_DEPTH + " deep");
        }
        char c = text.charAt(at);
        if (c == '{') {
            return flowMapping(depth);
        }
        if (c == '[') {
            return flowSequence(depth);
        }
        if (c == '"' || c == '\'') {
            return quoted();
        }
        checkPlainStart(at);
        int start = at;
        int end = plainEnd(at, flow);
        String value = text.substring(start, end).strip();
        if (value.isEmpty()) {
            throw error(start, "a value is missing here");
        }
        at = end;
        return new Scalar(value, ScalarKinds.ofPlain(value), position(start));
    }

    /** Where a plain scalar from {@code from} ends: a comment, a {@code ": "}, the line's end. */
    private int plainEnd(int from, boolean flow) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '#' && i > from && text.charAt(i - 1) == ' ') {
                return i;
            }
            if (c == ':' && separated(i + 1, flow)) {
                return i;
            }
            if (flow && (c == ',' || c == '[' || c == ']' || c == '{' || c == '}')) {
                return i;
            }
            i++;
        }
        return i;
    }

    /** A colon at {@code index - 1} is a key's: a space, the line's end or (in flow) , ] }. */
    private boolean separated(int index, boolean flow) {
        if (index >= text.length()) {
            return true;
        }
        char c = text.charAt(index);
        return c == ' ' || (flow && (c == ',' || c == '[' || c == ']' || c == '{' || c == '}'));
    }

    private void checkPlainStart(int index) {
        char c = text.charAt(index);
        switch (c) {
            case '&', '*', '!' -> throw error(index, "anchors, aliases and tags ('" + c
                    + "') are not read in this file; write the value itself, or quote it");
            case '|', '>' -> throw error(index, "block scalars ('" + c + "') are not read in"
                    + " this file; write the value on one line, quoted");
            case '%', '@', '`', ',', ']', '}' -> throw error(index, "a value cannot start with '"
                    + c + "'; quote it");
            case ':' -> throw error(index, "a value cannot start with ':'; quote it");
            case '?' -> throw error(index, "complex keys ('?') are not read in this file; quote"
                    + " a value that starts with '?'");
            case '-' -> {
                if (index + 1 == text.length() || text.charAt(index + 1) == ' ') {
                    throw error(index, "a list item cannot follow a key on its line; start the"
                            + " list on the next line");
                }
            }
            default -> {
            }
        }
    }

    private YamlNode flowMapping(int depth) {
        int start = at++;
        List<YamlNode.Entry> entries = new ArrayList<>();
        while (true) {
            skipSpaces();
            if (closes(start, '}')) {
                return new YamlNode.Mapping(List.copyOf(entries), position(start),
                        position(at));
            }
            YamlNode key = value(true, depth + 1);
            skipSpaces();
            YamlNode value;
            if (at < text.length() && text.charAt(at) == ':') {
                Position afterColon = position(++at);
                skipSpaces();
                value = at < text.length() && (text.charAt(at) == ',' || text.charAt(at) == '}')
                        ? new Scalar("", Kind.NULL, afterColon) : value(true, depth + 1);
            } else {
                value = new Scalar("", Kind.NULL, position(at));
            }
            entries.add(new YamlNode.Entry(key, value));
            skipSpaces();
            if (at < text.length() && text.charAt(at) == ',') {
                at++;
            } else if (at >= text.length() || text.charAt(at) != '}') {
                throw unclosed(start, '}');
            }
        }
    }

    private YamlNode flowSequence(int depth) {
        int start = at++;
        List<YamlNode> items = new ArrayList<>();
        while (true) {
            skipSpaces();
            if (closes(start, ']')) {
                return new YamlNode.Sequence(List.copyOf(items), position(start));
            }
            items.add(value(true, depth + 1));
            skipSpaces();
            if (at < text.length() && text.charAt(at) == ',') {
                at++;
            } else if (at < text.length() && text.charAt(at) == ':') {
                throw error(at, "a key in a [ list; write {key: value} for a mapping");
            } else if (at >= text.length() || text.charAt(at) != ']') {
                throw unclosed(start, ']');
            }
        }
    }

    /** The collection opened at {@code start} closes here; it must close on its line. */
    private boolean closes(int start, char close) {
        if (at >= text.length() || text.charAt(at) == '#') {
            throw unclosed(start, close);
        }
        if (text.charAt(at) == close) {
            at++;
            return true;
        }
        return false;
    }

    private ConfigException unclosed(int start, char close) {
        return error(at < text.length() ? at : start, "expected ',' or '" + close + "' to close"
                + " the '" + text.charAt(start) + "' of column " + (start + 1)
                + " (it must close on its line)");
    }

    /** A 'single-' or "double-quoted" scalar, closed on its line. */
    private Scalar quoted() {
        int start = at;
        char quote = text.charAt(at++);
        StringBuilder value = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw error(start, "the quoted value is not closed on its line (values over"
                        + " several lines are not read in this file)");
            }
            char c = text.charAt(at++);
            if (c == quote) {
                if (quote == '\'' && at < text.length() && text.charAt(at) == '\'') {
                    value.append('\'');
                    at++;
                    continue;
                }
                return new Scalar(value.toString(), Kind.TEXT, position(start));
            }
            if (c == '\\' && quote == '"') {
                escape(value);
            } else {
                value.append(c);
            }
        }
    }

    /** YAML's escapes in a double-quoted scalar, the backslash read. */
    private void escape(StringBuilder value) {
        if (at >= text.length()) {
            throw error(at - 1, "a value over several lines is not read in this file");
        }
        char c = text.charAt(at++);
        int digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
        if (digits > 0) {
            if (at + digits > text.length()) {
                throw error(at - 2, "\\" + c + " needs " + digits + " hexadecimal digits");
            }
            try {
                value.appendCodePoint(Integer.parseInt(text.substring(at, at + digits), 16));
            } catch (IllegalArgumentException e) {
                throw error(at - 2, "\\" + c + " needs " + digits + " hexadecimal digits");
            }
            at += digits;
            return;
        }
        int index = ESCAPED.indexOf(c);
        if (index < 0) {
            throw error(at - 2, "unknown escape '\\" + c + "' in a double-quoted value; write"
                    + " '\\\\' for a backslash");
        }
        value.append(ESCAPES.charAt(index));
    }
}
