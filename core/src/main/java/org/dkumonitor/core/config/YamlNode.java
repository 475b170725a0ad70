package org.dkumonitor.core.config;

import java.util.List;

/**
 * A config file's YAML, composed into values that keep their place in the file, so that every
 * error can say {@code file:line:col}. Two readers make it: SnakeYAML for the programs that bind
 * by reflection ({@link YamlConfigLoader}), and {@link PlainYaml}, a small reader of the subset
 * the installer writes, for the agent, which must not carry SnakeYAML's classes for its
 * lifetime.
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Sequence, YamlNode.Mapping {

    /** Where the node starts. */
    Position start();

    /** A 1-based line and column. */
    record Position(int line, int column) {
    }

    /** What YAML 1.1 (SnakeYAML's resolver) makes of a scalar: quoted scalars are texts. */
    enum Kind { NULL, BOOL, INT, FLOAT, TEXT }

    record Scalar(String value, Kind kind, Position start) implements YamlNode {
    }

    record Sequence(List<YamlNode> items, Position start) implements YamlNode {
    }

    /** {@code end} is where a key the mapping lacks would go: after its last entry. */
    record Mapping(List<Entry> entries, Position start, Position end) implements YamlNode {
    }

    record Entry(YamlNode key, YamlNode value) {
    }
}
