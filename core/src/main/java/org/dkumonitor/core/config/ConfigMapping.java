package org.dkumonitor.core.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of a config file whose keys are checked against those its record knows, with
 * every error located: {@code agent.yaml:3:29 destinations[0].port: must be 1..65535, found 0}
 * (file, line:column, key path, rule, value). {@link RecordBinder} binds records through it by
 * reflection; a program that must not load reflection's machinery (the agent) calls its
 * accessors and the record's constructor itself.
 */
public final class ConfigMapping {

    private static final String TOP = "(top level)";

    private final String file;
    private final String path;
    private final MappingNode mapping;
    private final Map<String, Node> values;

    private ConfigMapping(String file, String path, MappingNode mapping,
            Map<String, Node> values) {
        this.file = file;
        this.path = path;
        this.mapping = mapping;
        this.values = values;
    }

    /** The mapping at {@code node}; unknown and repeated keys are errors. */
    static ConfigMapping of(String file, Node node, String path, Collection<String> knownKeys) {
        if (!(node instanceof MappingNode mapping)) {
            throw error(file, node.getStartMark(), path, "must be a mapping of keys to values");
        }
        Map<String, Node> values = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode scalar)) {
                throw error(file, key.getStartMark(), path, "keys must be plain words");
            }
            String name = scalar.getValue();
            if (!knownKeys.contains(name)) {
                throw error(file, key.getStartMark(), join(path, name),
                        "unknown key; known keys are " + new TreeSet<>(knownKeys));
            }
            if (values.containsKey(name)) {
                throw error(file, key.getStartMark(), join(path, name), "given twice; keep one");
            }
            values.put(name, tuple.getValueNode());
        }
        return new ConfigMapping(file, path, mapping, values);
    }

    /** The value of {@code key}, or null when it is absent or YAML's null. */
    Node node(String key) {
        Node node = values.get(key);
        return node == null || isNull(node) ? null : node;
    }

    /** The key path of {@code key}, e.g. {@code destinations[0].port}. */
    String path(String key) {
        return join(path, key);
    }

    String file() {
        return file;
    }

    public String text(String key) {
        Node node = node(key);
        if (node == null) {
            return null;
        }
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        throw error(file, node.getStartMark(), path(key), "must be a text");
    }

    public Integer wholeNumber(String key) {
        Node node = node(key);
        if (node == null) {
            return null;
        }
        if (node instanceof ScalarNode scalar) {
            try {
                return Integer.valueOf(digits(scalar));
            } catch (NumberFormatException e) {
                throw error(file, node.getStartMark(), path(key),
                        "must be a whole number, found '" + scalar.getValue() + "'");
            }
        }
        throw error(file, node.getStartMark(), path(key), "must be a whole number");
    }

    /** YAML's true/false (and yes/no, on/off), or null when absent. */
    public Boolean bool(String key) {
        Node node = node(key);
        if (node == null) {
            return null;
        }
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            String word = scalar.getValue().toLowerCase(java.util.Locale.ROOT);
            return word.equals("true") || word.equals("yes") || word.equals("on");
        }
        throw error(file, node.getStartMark(), path(key), "must be true or false, found '"
                + (node instanceof ScalarNode scalar ? scalar.getValue() : "a list or mapping")
                + "'");
    }

    /** A list of numbers, or null when absent. */
    public List<Double> numbers(String key) {
        List<Node> items = items(key);
        if (items == null) {
            return null;
        }
        List<Double> numbers = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            try {
                if (!(item instanceof ScalarNode scalar) || isNull(item)) {
                    throw new NumberFormatException();
                }
                numbers.add(Double.valueOf(digits(scalar)));
            } catch (NumberFormatException e) {
                throw error(file, item.getStartMark(), item(key, i), "must be a number");
            }
        }
        return numbers;
    }

    /** A list of texts (scalars as written), or null when absent. */
    public List<String> texts(String key) {
        List<Node> items = items(key);
        if (items == null) {
            return null;
        }
        List<String> texts = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof ScalarNode scalar) || isNull(scalar)) {
                throw error(file, items.get(i).getStartMark(), item(key, i), "must be a text");
            }
            texts.add(scalar.getValue());
        }
        return texts;
    }

    /** The mapping under {@code key}, checked against {@code knownKeys}, or null when absent. */
    public ConfigMapping mapping(String key, Collection<String> knownKeys) {
        Node node = node(key);
        return node == null ? null : of(file, node, path(key), knownKeys);
    }

    /** The mappings listed under {@code key}, each checked against {@code knownKeys}. */
    public List<ConfigMapping> mappings(String key, Collection<String> knownKeys) {
        List<Node> items = items(key);
        if (items == null) {
            return null;
        }
        List<ConfigMapping> mappings = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            mappings.add(of(file, items.get(i), item(key, i), knownKeys));
        }
        return mappings;
    }

    /** The items listed under {@code key}, or null when it is absent. */
    List<Node> items(String key) {
        Node node = node(key);
        if (node == null) {
            return null;
        }
        if (!(node instanceof SequenceNode sequence)) {
            throw error(file, node.getStartMark(), path(key), "must be a list");
        }
        return sequence.getValue();
    }

    /** The key path of a list's item, {@code destinations[0]}. */
    String item(String key, int index) {
        return path(key) + "[" + index + "]";
    }

    /**
     * A rule the record broke, located at the value that broke it, or where a missing key would
     * go: the mapping's end.
     */
    public ConfigException located(InvalidValueException e) {
        Node node = values.get(e.key());
        Mark mark = node == null ? mapping.getEndMark() : node.getStartMark();
        return new ConfigException(at(file, mark) + " " + shown(path(e.key())) + ": " + e.rule()
                + ", found " + e.renderedValue(), e);
    }

    /** Any other failure of the record's constructor, located at the mapping. */
    ConfigException refused(String message, Throwable cause) {
        return new ConfigException(at(file, mapping.getStartMark()) + " " + shown(path) + ": "
                + message, cause);
    }

    static ConfigException error(String file, Mark mark, String path, String rule) {
        return new ConfigException(at(file, mark) + " " + shown(path) + ": " + rule);
    }

    static String at(String file, Mark mark) {
        if (mark == null) {
            return file + ":";
        }
        return file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    /** YAML allows 1_000; Java's parsers do not. */
    static String digits(ScalarNode node) {
        String text = node.getValue().strip();
        return node.getTag().equals(Tag.INT) || node.getTag().equals(Tag.FLOAT)
                ? text.replace("_", "") : text;
    }

    private static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    private static String shown(String path) {
        return path.isEmpty() ? TOP : path;
    }
}
