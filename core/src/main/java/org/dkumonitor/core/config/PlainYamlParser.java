package org.dkumonitor.core.config;

import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.core.config.YamlNode.Kind;
import org.dkumonitor.core.config.YamlNode.Position;
import org.dkumonitor.core.config.YamlNode.Scalar;

/**
 * {@link PlainYaml}'s block structure: mappings and lists by indentation, a list item's content
 * starting on the dash's line ({@code - host: a}) as YAML allows. Positions are those SnakeYAML
 * gives the same nodes, so that both readers' messages agree.
 */
final class PlainYamlParser {

    /** Block collections nested deeper than this are refused, not recursed into. */
    private static final int MAX_DEPTH = 32;

    /** A line with content: not blank, not only a comment. */
    private record Line(int number, String text, int indent) {
    }

    private final String file;
    private final List<Line> lines = new ArrayList<>();
    private final Position streamEnd;
    private int index;
    /** Where the current line's unread content starts: its indent, or after a list's dash. */
    private int column;

    PlainYamlParser(String file, String yaml) {
        this.file = file;
        int number = 1;
        int start = yaml.startsWith("\uFEFF") ? 1 : 0;
        int lineStart = start;
        for (int i = start; i <= yaml.length(); i++) {
            char c = i < yaml.length() ? yaml.charAt(i) : '\n';
            if (c == '\n' || c == '\r') {
                add(number++, yaml.substring(lineStart, i));
                if (c == '\r' && i + 1 < yaml.length() && yaml.charAt(i + 1) == '\n') {
                    i++;
                }
                lineStart = i + 1;
            } else if (special(c)) {
                throw new ConfigException(file + ":" + number + ":" + (i - lineStart + 1)
                        + " special characters are not allowed (U+"
                        + Integer.toHexString(0x10000 | c).substring(1).toUpperCase() + ")");
            }
        }
        // as SnakeYAML marks the end of the stream: after its last character
        int lastBreak = Math.max(yaml.lastIndexOf('\n'), yaml.lastIndexOf('\r'));
        streamEnd = new Position(number - 1, yaml.length() - (lastBreak < 0 ? start : lastBreak
                + 1) + 1);
    }

    private static boolean special(char c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == '\u2028'
                || c == '\u2029' || c == '\uFFFE' || c == '\uFFFF';
    }

    private void add(int number, String text) {
        int indent = 0;
        while (indent < text.length() && text.charAt(indent) == ' ') {
            indent++;
        }
        if (indent == text.length() || text.charAt(indent) == '#') {
            return;
        }
        if (text.charAt(indent) == '\t') {
            throw lineError(number, indent, "a tab in the indentation; indent with spaces");
        }
        if (text.startsWith("%")) {
            throw lineError(number, 0, "directives ('%') are not read in this file");
        }
        if (text.startsWith("---") || text.startsWith("...")) {
            if (text.length() > 3 && text.charAt(3) != ' ') {
                // a plain scalar such as ----: not a document marker
            } else if (lines.isEmpty() && text.startsWith("---") && rest(text, 3)) {
                return;  // the document's start, optional
            } else {
                throw lineError(number, 0, "a second document or an end marker ('"
                        + text.substring(0, 3) + "'); this file holds one document, nothing"
                        + " on the marker's line");
            }
        }
        lines.add(new Line(number, text, indent));
    }

    /** Nothing after {@code from} but spaces and a comment. */
    private static boolean rest(String text, int from) {
        String rest = text.substring(from).strip();
        return rest.isEmpty() || rest.startsWith("#");
    }

    private ConfigException lineError(int number, int at, String problem) {
        return new ConfigException(file + ":" + number + ":" + (at + 1) + " " + problem);
    }

    /** The document's root, or null when it has no content. */
    YamlNode document() {
        if (lines.isEmpty()) {
            return null;
        }
        column = lines.get(0).indent();
        YamlNode root = node(0);
        if (index < lines.size()) {
            Line line = lines.get(index);
            throw lineError(line.number(), line.indent(), "does not belong to the "
                    + (root instanceof YamlNode.Sequence ? "list" : "value") + " above it;"
                    + " check its indentation");
        }
        return root;
    }

    /** The node at the current line's {@code column}; it reads the lines it spans. */
    private YamlNode node(int depth) {
        Line line = lines.get(index);
        if (depth > MAX_DEPTH) {
            throw lineError(line.number(), column, "nested more than " + MAX_DEPTH + " deep");
        }
        if (PlainYamlLine.isDash(line.text(), column)) {
            return sequence(column, depth);
        }
        PlainYamlLine cursor = new PlainYamlLine(file, line.number(), line.text(), column);
        Scalar key = cursor.blockKey();
        if (key != null) {
            return mapping(column, key, cursor, depth);
        }
        return lastOnLine(cursor, cursor.value());
    }

    /** A value that must end its line; the next line is then read. */
    private YamlNode lastOnLine(PlainYamlLine cursor, YamlNode value) {
        if (!cursor.atEnd()) {
            throw cursor.error(cursor.at, cursor.text().charAt(cursor.at) == ':'
                    ? "mapping values are not allowed here (a second ': ' on the line?)"
                    : "unexpected text after the value; quote the whole value");
        }
        index++;
        return value;
    }

    private YamlNode mapping(int indent, Scalar firstKey, PlainYamlLine firstLine, int depth) {
        List<YamlNode.Entry> entries = new ArrayList<>();
        Scalar key = firstKey;
        PlainYamlLine cursor = firstLine;
        while (true) {
            YamlNode value;
            Position afterColon = cursor.position(cursor.at);
            if (cursor.atEnd()) {
                index++;
                Line next = index < lines.size() ? lines.get(index) : null;
                if (next != null && next.indent() > indent) {
                    column = next.indent();
                    value = node(depth + 1);
                } else if (next != null && next.indent() == indent
                        && PlainYamlLine.isDash(next.text(), indent)) {
                    column = indent;
                    value = sequence(indent, depth + 1);
                } else {
                    value = new Scalar("", Kind.NULL, afterColon);
                }
            } else {
                value = lastOnLine(cursor, cursor.value());
            }
            entries.add(new YamlNode.Entry(key, value));
            Line next = index < lines.size() ? lines.get(index) : null;
            if (next == null || next.indent() < indent) {
                break;
            }
            if (next.indent() > indent) {
                throw lineError(next.number(), next.indent(), "indented more than the key above"
                        + " it expects (a value over several lines? write each value on one"
                        + " line, quoted if need be)");
            }
            cursor = new PlainYamlLine(file, next.number(), next.text(), indent);
            key = cursor.blockKey();
            if (key == null) {
                throw lineError(next.number(), indent, PlainYamlLine.isDash(next.text(), indent)
                        ? "a list item where a key was expected" : "expected 'key: value'");
            }
        }
        Line next = index < lines.size() ? lines.get(index) : null;
        Position end = next == null ? streamEnd : new Position(next.number(), next.indent() + 1);
        return new YamlNode.Mapping(List.copyOf(entries), new Position(firstLine.number(),
                indent + 1), end);
    }

    private YamlNode sequence(int indent, int depth) {
        List<YamlNode> items = new ArrayList<>();
        Position start = new Position(lines.get(index).number(), indent + 1);
        while (true) {
            Line line = lines.get(index);
            PlainYamlLine cursor = new PlainYamlLine(file, line.number(), line.text(), indent + 1);
            if (cursor.atEnd()) {
                Position afterDash = cursor.position(indent + 1);
                index++;
                Line next = index < lines.size() ? lines.get(index) : null;
                if (next != null && next.indent() > indent) {
                    column = next.indent();
                    items.add(node(depth + 1));
                } else {
                    items.add(new Scalar("", Kind.NULL, afterDash));
                }
            } else {
                column = cursor.at;
                items.add(node(depth + 1));
            }
            Line next = index < lines.size() ? lines.get(index) : null;
            if (next == null || next.indent() < indent
                    || (next.indent() == indent && !PlainYamlLine.isDash(next.text(), indent))) {
                break;
            }
            if (next.indent() > indent) {
                throw lineError(next.number(), next.indent(), "indented more than the list item"
                        + " above it expects (a value over several lines? write each value on"
                        + " one line, quoted if need be)");
            }
        }
        return new YamlNode.Sequence(List.copyOf(items), start);
    }
}
