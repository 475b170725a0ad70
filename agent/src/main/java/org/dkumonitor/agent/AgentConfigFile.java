package org.dkumonitor.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.dkumonitor.core.config.ConfigException;
import org.dkumonitor.core.config.InvalidValueException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads {@code conf/agent.yaml} into an {@link AgentConfig} with SnakeYAML's node API alone, and
 * reports errors as core's {@code YamlConfigLoader} does ({@code agent.yaml:3:29
 * destinations[0].port: must be 1..65535, found 0}: file, line:column, key path, rule, value).
 *
 * <p>Every other dkumonitor config goes through {@code YamlConfigLoader} (Jackson). The agent
 * does not: it runs for ever on every monitored host next to the applications, and Jackson's
 * databind (about 900 classes of its own, plus the reflection and method-handle machinery it
 * pulls in) cost it 12 MiB of RSS and a third of a second of CPU at every start (issue 6). The
 * records' compact constructors still check every value; this class only maps YAML nodes to
 * their arguments and locates the node a rule is about.
 */
final class AgentConfigFile {

    private static final List<String> AGENT_KEYS = List.of("hostname", "intervalSeconds",
            "prefix", "destinations", "spoolMaxMegabytes", "processes", "files");
    private static final List<String> DESTINATION_KEYS = List.of("host", "port");
    private static final List<String> PROCESS_KEYS = List.of("name", "regex");
    private static final List<String> FILES_KEYS = List.of("name", "glob");

    private final String name;

    private AgentConfigFile(String name) {
        this.name = name;
    }

    /** Reads and checks the file; a {@link ConfigException} names what is wrong and where. */
    static AgentConfig load(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found; reinstall the configuration or"
                    + " restore it from a backup");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file.getFileName().toString(), yaml);
    }

    /** Parses YAML text; {@code name} is what error messages call the file. */
    static AgentConfig parse(String name, String yaml) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            root = new Composer(new ParserImpl(new StreamReader(yaml), options), new Resolver(),
                    options).getSingleNode();
        } catch (MarkedYAMLException e) {
            throw new ConfigException(at(name, e.getProblemMark()) + " " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new ConfigException(name + ": " + e.getMessage(), e);
        }
        if (root == null || isNull(root)) {
            throw new ConfigException(name + ": the file is empty");
        }
        return new AgentConfigFile(name).agent(root);
    }

    private AgentConfig agent(Node node) {
        Fields f = fields(node, "", AGENT_KEYS);
        List<AgentConfig.Destination> destinations = null;
        List<Node> items = f.list("destinations");
        if (items != null) {
            destinations = new ArrayList<>();
            for (Node item : items) {
                Fields d = fields(item, f.item("destinations", destinations.size()),
                        DESTINATION_KEYS);
                try {
                    destinations.add(new AgentConfig.Destination(d.text("host"),
                            d.number("port")));
                } catch (InvalidValueException e) {
                    throw d.located(e);
                }
            }
        }
        List<AgentConfig.Process> processes = null;
        items = f.list("processes");
        if (items != null) {
            processes = new ArrayList<>();
            for (Node item : items) {
                Fields p = fields(item, f.item("processes", processes.size()), PROCESS_KEYS);
                try {
                    processes.add(new AgentConfig.Process(p.text("name"), p.text("regex")));
                } catch (InvalidValueException e) {
                    throw p.located(e);
                }
            }
        }
        List<AgentConfig.Files> files = null;
        items = f.list("files");
        if (items != null) {
            files = new ArrayList<>();
            for (Node item : items) {
                Fields g = fields(item, f.item("files", files.size()), FILES_KEYS);
                try {
                    files.add(new AgentConfig.Files(g.text("name"), g.text("glob")));
                } catch (InvalidValueException e) {
                    throw g.located(e);
                }
            }
        }
        try {
            return new AgentConfig(f.text("hostname"), f.number("intervalSeconds"),
                    f.text("prefix"), destinations, f.number("spoolMaxMegabytes"), processes,
                    files);
        } catch (InvalidValueException e) {
            throw f.located(e);
        }
    }

    /** The keys of a mapping, checked against those its record knows. */
    private Fields fields(Node node, String path, List<String> known) {
        if (!(node instanceof MappingNode mapping)) {
            throw error(node.getStartMark(), path, "must be a mapping of keys to values");
        }
        Map<String, Node> values = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            String keyName = key instanceof ScalarNode scalar ? scalar.getValue() : "?";
            if (!known.contains(keyName)) {
                throw error(key.getStartMark(), join(path, keyName),
                        "unknown key; known keys are " + new TreeSet<>(known));
            }
            values.put(keyName, tuple.getValueNode());
        }
        return new Fields(path, mapping, values);
    }

    /** One mapping's values by key, converted on demand to what the record takes. */
    private final class Fields {

        private final String path;
        private final MappingNode mapping;
        private final Map<String, Node> values;

        Fields(String path, MappingNode mapping, Map<String, Node> values) {
            this.path = path;
            this.mapping = mapping;
            this.values = values;
        }

        String text(String key) {
            Node node = values.get(key);
            if (node == null || isNull(node)) {
                return null;
            }
            if (node instanceof ScalarNode scalar) {
                return scalar.getValue();
            }
            throw error(node.getStartMark(), join(path, key), "must be a text");
        }

        Integer number(String key) {
            Node node = values.get(key);
            if (node == null || isNull(node)) {
                return null;
            }
            if (node instanceof ScalarNode scalar) {
                try {
                    return Integer.valueOf(scalar.getValue().strip());
                } catch (NumberFormatException e) {
                    throw error(node.getStartMark(), join(path, key),
                            "must be a whole number, found '" + scalar.getValue() + "'");
                }
            }
            throw error(node.getStartMark(), join(path, key), "must be a whole number");
        }

        /** The items of a list, or null when the key is absent or null. */
        List<Node> list(String key) {
            Node node = values.get(key);
            if (node == null || isNull(node)) {
                return null;
            }
            if (!(node instanceof SequenceNode sequence)) {
                throw error(node.getStartMark(), join(path, key), "must be a list");
            }
            return sequence.getValue();
        }

        /** The key path of a list's item, {@code destinations[0]}. */
        String item(String key, int index) {
            return join(path, key) + "[" + index + "]";
        }

        /** A rule the record broke, located at the key's value if present, else the mapping. */
        ConfigException located(InvalidValueException e) {
            Node node = values.get(e.key());
            Mark mark = node == null ? mapping.getEndMark() : node.getStartMark();
            return error(mark, join(path, e.key()), e.rule() + ", found " + e.renderedValue());
        }
    }

    private ConfigException error(Mark mark, String path, String rule) {
        return new ConfigException(at(name, mark) + " "
                + (path.isEmpty() ? "(top level)" : path) + ": " + rule);
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String at(String name, Mark mark) {
        return mark == null ? name + ":"
                : name + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }
}
