package org.dkumonitor.core.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.dkumonitor.core.config.YamlNode.Kind;
import org.dkumonitor.core.config.YamlNode.Position;
import org.dkumonitor.core.config.YamlNode.Scalar;

/**
 * One YAML mapping of a config file whose keys are checked against those its record knows, with
 * every error located: {@code agent.yaml:3:29 destinations[0].port: must be 1..65535, found 0}
 * (file, line:column, key path, rule, value). {@link RecordBinder} binds records through it by
 * reflection; a program that must not load reflection's machinery (the agent) calls its
 * accessors and the record's constructor itself. It holds {@link YamlNode}s, whichever reader
 * made them: nothing here loads SnakeYAML.
 */
public final class ConfigMapping {

    private static final String TOP = "(top level)";

    private final String file;
    private final String path;
    private final YamlNode.Mapping mapping;
    private final Map<String, YamlNode> values;

    private ConfigMapping(String file, String path, YamlNode.Mapping mapping,
            Map<String, YamlNode> values) {
        this.file = file;
        this.path = path;
        this.mapping = mapping;
        this.values = values;
    }

    /** The mapping at {@code node}; unknown and repeated keys are errors. */
    static ConfigMapping of(String file, YamlNode node, String path,
            Collection<String> knownKeys) {
        if (!(node instanceof YamlNode.Mapping mapping)) {
            throw error(file, node.start(), path, "must be a mapping of keys to values");
        }
        Map<String, YamlNode> values = new LinkedHashMap<>();
        for (YamlNode.Entry entry : mapping.entries()) {
            YamlNode key = entry.key();
            if (!(key instanceof Scalar scalar)) {
                throw error(file, key.start(), path, "keys must be plain words");
            }
            String name = scalar.value();
            if (!knownKeys.contains(name)) {
                throw error(file, key.start(), join(path, name),
                        "unknown key; known keys are " + new TreeSet<>(knownKeys));
            }
            if (values.containsKey(name)) {
                throw error(file, key.start(), join(path, name), "given twice; keep one");
            }
            values.put(name, entry.value());
        }
        return new ConfigMapping(file, path, mapping, values);
    }

    /** The value of {@code key}, or null when it is absent or YAML's null. */
    YamlNode node(String key) {
        YamlNode node = values.get(key);
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
        YamlNode node = node(key);
        if (node == null) {
            return null;
        }
        if (node instanceof Scalar scalar) {
            return scalar.value();
        }
        throw error(file, node.start(), path(key), "must be a text");
    }

    public Integer wholeNumber(String key) {
        YamlNode node = node(key);
        if (node == null) {
            return null;
        }
        if (node instanceof Scalar scalar) {
            try {
                return Integer.valueOf(digits(scalar));
            } catch (NumberFormatException e) {
                throw error(file, node.start(), path(key),
                        "must be a whole number, found '" + scalar.value() + "'");
            }
        }
        throw error(file, node.start(), path(key), "must be a whole number");
    }

    /** YAML's true/false (and yes/no, on/off), or null when absent. */
    public Boolean bool(String key) {
        YamlNode node = node(key);
        if (node == null) {
            return null;
        }
        if (node instanceof Scalar scalar && scalar.kind() == Kind.BOOL) {
            String word = scalar.value().toLowerCase(java.util.Locale.ROOT);
            return word.equals("true") || word.equals("yes") || word.equals("on");
        }
        throw error(file, node.start(), path(key), "must be true or false, found '"
                + (node instanceof Scalar scalar ? scalar.value() : "a list or mapping")
                + "'");
    }

    /** A list of numbers, or null when absent. */
    public List<Double> numbers(String key) {
        List<YamlNode> items = items(key);
        if (items == null) {
            return null;
        }
        List<Double> numbers = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            try {
                if (!(item instanceof Scalar scalar) || isNull(item)) {
                    throw new NumberFormatException();
                }
                numbers.add(Double.valueOf(digits(scalar)));
            } catch (NumberFormatException e) {
                throw error(file, item.start(), item(key, i), "must be a number");
            }
        }
        return numbers;
    }

    /** A list of texts (scalars as written), or null when absent. */
    public List<String> texts(String key) {
        List<YamlNode> items = items(key);
        if (items == null) {
            return null;
        }
        List<String> texts = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Scalar scalar) || isNull(scalar)) {
                throw error(file, items.get(i).start(), item(key, i), "must be a text");
            }
            texts.add(scalar.value());
        }
        return texts;
    }

    /** The mapping under {@code key}, checked against {@code knownKeys}, or null when absent. */
    public ConfigMapping mapping(String key, Collection<String> knownKeys) {
        YamlNode node = node(key);
        return node == null ? null : of(file, node, path(key), knownKeys);
    }

    /** The mappings listed under {@code key}, each checked against {@code knownKeys}. */
    public List<ConfigMapping> mappings(String key, Collection<String> knownKeys) {
        List<YamlNode> items = items(key);
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
    List<YamlNode> items(String key) {
        YamlNode node = node(key);
        if (node == null) {
            return null;
        }
        if (!(node instanceof YamlNode.Sequence sequence)) {
            throw error(file, node.start(), path(key), "must be a list");
        }
        return sequence.items();
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
        YamlNode node = values.get(e.key());
        Position position = node == null ? mapping.end() : node.start();
        return new ConfigException(at(file, position) + " " + shown(path(e.key())) + ": " + e.rule()
                + ", found " + e.renderedValue(), e);
    }

    /** Any other failure of the record's constructor, located at the mapping. */
    ConfigException refused(String message, Throwable cause) {
        return new ConfigException(at(file, mapping.start()) + " " + shown(path) + ": "
                + message, cause);
    }

    static ConfigException error(String file, Position position, String path, String rule) {
        return new ConfigException(at(file, position) + " " + shown(path) + ": " + rule);
    }

    static String at(String file, Position position) {
        if (position == null) {
            return file + ":";
        }
        return file + ":" + position.line() + ":" + position.column();
    }

    static boolean isNull(YamlNode node) {
        return node instanceof Scalar scalar && scalar.kind() == Kind.NULL;
    }

    /** YAML allows 1_000; Java's parsers do not. */
    static String digits(Scalar node) {
        String text = node.value().strip();
        return node.kind() == Kind.INT || node.kind() == Kind.FLOAT
                ? text.replace("_", "") : text;
    }

    private static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    private static String shown(String path) {
        return path.isEmpty() ? TOP : path;
    }
}
