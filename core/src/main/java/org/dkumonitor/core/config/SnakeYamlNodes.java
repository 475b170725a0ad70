package org.dkumonitor.core.config;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** SnakeYAML's composed node tree as {@link YamlNode}s, positions and scalar kinds kept. */
final class SnakeYamlNodes {

    /** Aliases can make a tree refer to itself; no config nests this deep. */
    private static final int MAX_DEPTH = 64;

    private final String file;

    private SnakeYamlNodes(String file) {
        this.file = file;
    }

    static YamlNode of(String file, Node root) {
        return new SnakeYamlNodes(file).node(root, 0);
    }

    private YamlNode node(Node node, int depth) {
        if (depth > MAX_DEPTH) {
            throw new ConfigException(ConfigMapping.at(file, position(node.getStartMark()))
                    + " nested more than " + MAX_DEPTH + " deep (an alias to itself?)");
        }
        if (node instanceof MappingNode mapping) {
            List<YamlNode.Entry> entries = new ArrayList<>(mapping.getValue().size());
            for (NodeTuple tuple : mapping.getValue()) {
                entries.add(new YamlNode.Entry(node(tuple.getKeyNode(), depth + 1),
                        node(tuple.getValueNode(), depth + 1)));
            }
            return new YamlNode.Mapping(List.copyOf(entries), position(node.getStartMark()),
                    position(node.getEndMark()));
        }
        if (node instanceof SequenceNode sequence) {
            List<YamlNode> items = new ArrayList<>(sequence.getValue().size());
            for (Node item : sequence.getValue()) {
                items.add(node(item, depth + 1));
            }
            return new YamlNode.Sequence(List.copyOf(items), position(node.getStartMark()));
        }
        ScalarNode scalar = (ScalarNode) node;
        return new YamlNode.Scalar(scalar.getValue(), kind(scalar.getTag()),
                position(node.getStartMark()));
    }

    private static YamlNode.Kind kind(Tag tag) {
        if (tag.equals(Tag.NULL)) {
            return YamlNode.Kind.NULL;
        }
        if (tag.equals(Tag.BOOL)) {
            return YamlNode.Kind.BOOL;
        }
        if (tag.equals(Tag.INT)) {
            return YamlNode.Kind.INT;
        }
        return tag.equals(Tag.FLOAT) ? YamlNode.Kind.FLOAT : YamlNode.Kind.TEXT;
    }

    static YamlNode.Position position(Mark mark) {
        return mark == null ? null : new YamlNode.Position(mark.getLine() + 1,
                mark.getColumn() + 1);
    }
}
