package org.dkumonitor.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent's YAML reader against SnakeYAML: every document of the subset composes to the same
 * tree (values, YAML 1.1 kinds, positions, mappings' ends), and what the subset leaves out is
 * refused with its line and column rather than read differently.
 */
final class PlainYamlTest {

    static List<String> documents() {
        return List.of(
                "a: 1\n",
                "a: 1",
                "---\na: b\n",
                "\uFEFFa: b\n",
                "# head\n\nhostname: \"web1\"   # trailing\nintervalSeconds: 10\n\n# tail\n",
                "destinations:\n  - host: \"127.0.0.1\"\n    port: 15003\n\nstatsd:\n"
                        + "  listen: \"0.0.0.0\"\n  port: 15005\n  # naming: statsite\n"
                        + "  maxKeys: 20000\n",
                "destinations:\n- {host: a, port: 1}\n- {host: 'b', port: 2}\nprefix: x\n",
                "d: [{host: a, port: 1}, {host: b}]\ne: []\nf: {}\ng: [ 1 , 2.5, inf ]\n",
                "statsd: {listen: 127.0.0.1, port: 15005, flushInterval: 10, maxKeys: 20000}\n",
                "r: \".*java -Ddku\\\\.backend .*\"\ns: 'it''s'\nt: \"tab\\there \\u00e9 \\x41\"\n",
                "n: ~\nm: null\nl:\nk: ''\nj: \"\"\n",
                "e: \"\\0\\a\\b\\e\\v\\f\\r\\n\\N\\_\\L\\P\\\\\\ \\\" \\U0001F600\"\n",
                "b: [yes, No, TRUE, off, on, y, n]\n",
                "i: [0, -1, +2, 1_000, 0x1F, 0b101, 017, 1:30, 09, 0.5, 1e3, .5, -.inf, .NaN]\n",
                "t: [2001-12-14, 12:30, a:b, http://x/y, a#b, -a, a b  c]\n",
                "u: {x: , y}\n",
                "top:\n  mid:\n    low: 1\n  other: 2\nlast: 3\n",
                "list:\n  -\n    a: 1\n  - - x\n    - y\n  -\n  - z\nend: 1\n",
                "a:\n    - 1\n    - 2\nb:   spaced   \n",
                "\"quoted key\": 1\n'single': 2\n3: three\n",
                "win: 1\r\nlinux: 2\r\n",
                "x: 1\n# only a comment after\n   \n",
                "- 1\n- 2\n",
                "scalar\n",
                "a: 'x: y'\nb: \"#not a comment\"\nc: x #comment\n");
    }

    @ParameterizedTest
    @MethodSource("documents")
    void composesWhatSnakeYamlComposes(String yaml) {
        assertEquals(YamlConfigLoader.compose("f.yaml", yaml), PlainYaml.compose("f.yaml", yaml));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " >> ", value = {
        "a: &x 1 >> f.yaml:1:4 anchors, aliases and tags ('&') are not read in this file; write the"
            + " value itself, or quote it",
        "a: *x >> f.yaml:1:4 anchors, aliases and tags ('*') are not read in this file; write the"
            + " value itself, or quote it",
        "a: !!int 1 >> f.yaml:1:4 anchors, aliases and tags ('!') are not read in this file; write"
            + " the value itself, or quote it",
        "'a: |\\n  text' >> f.yaml:1:4 block scalars ('|') are not read in this file; write the value"
            + " on one line, quoted",
        "a: x\\n  y >> f.yaml:2:3 indented more than the key above it expects (a value over several"
            + " lines? write each value on one line, quoted if need be)",
        "a: \"open >> f.yaml:1:4 the quoted value is not closed on its line (values over several"
            + " lines are not read in this file)",
        "a: [1, 2 >> f.yaml:1:4 expected ',' or ']' to close the '[' of column 4 (it must close on"
            + " its line)",
        "a: {b: 1 # c} >> f.yaml:1:10 expected ',' or '}' to close the '{' of column 4 (it must"
            + " close on its line)",
        "a: b: c >> f.yaml:1:5 mapping values are not allowed here (a second ': ' on the line?)",
        "a: - b >> f.yaml:1:4 a list item cannot follow a key on its line; start the list on the"
            + " next line",
        "a:\\n\\tb: 1 >> f.yaml:2:1 a tab in the indentation; indent with spaces",
        "a: \"\\q\" >> f.yaml:1:5 unknown escape '\\q' in a double-quoted value; write '\\\\' for a"
            + " backslash",
        "a: 1\\n- b >> f.yaml:2:1 a list item where a key was expected",
        "a: 1\\n---\\nb: 2 >> f.yaml:2:1 a second document or an end marker ('---'); this file holds"
            + " one document, nothing on the marker's line",
        "a: [x: 1] >> f.yaml:1:6 a key in a [ list; write {key: value} for a mapping",
        "'a: \u0001' >> f.yaml:1:4 special characters are not allowed (U+0001)",
        "- a\\nb: 1 >> f.yaml:2:1 does not belong to the list above it; check its indentation",
        "# nothing >> f.yaml: the file is empty"})
    void refusesWhatTheSubsetLeavesOutWithItsPlace(String yaml, String message) {
        assertEquals(message, assertThrows(ConfigException.class,
                () -> PlainYaml.compose("f.yaml", yaml.replace("\\n", "\n").replace("\\t", "\t")))
                .getMessage());
    }

    @ParameterizedTest
    @MethodSource("documents")
    void bindsAsTheSnakeYamlPathBinds(String yaml) {
        YamlNode snake = YamlConfigLoader.compose("f.yaml", yaml);
        if (snake instanceof YamlNode.Mapping) {
            ConfigMapping plain = PlainYaml.parseMapping("f.yaml", yaml, keys(snake));
            ConfigMapping theirs = YamlConfigLoader.parseMapping("f.yaml", yaml, keys(snake));
            for (String key : keys(snake)) {
                assertEquals(theirs.node(key), plain.node(key), key);
            }
        }
    }

    private static List<String> keys(YamlNode mapping) {
        List<String> keys = new java.util.ArrayList<>();
        for (YamlNode.Entry entry : ((YamlNode.Mapping) mapping).entries()) {
            keys.add(((YamlNode.Scalar) entry.key()).value());
        }
        return keys;
    }
}
