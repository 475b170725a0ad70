package org.dkumonitor.installer.admin;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.dkumonitor.core.DkmException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The {@code gottwall:} section of a server.yaml as text: what it says (keys, projects, where
 * clients reach the server) and a project added to it. The file is the user's: an addition
 * inserts one line where the projects are listed and leaves every other byte, comments
 * included, as it was. A file without the section gets one, with a new private key.
 */
final class GottwallProjects {

    /** Project names this command writes: safe in URLs, headers and YAML keys. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    /** What a client needs to know about the install. */
    record Settings(String privateKey, Map<String, String> projects, String prefix,
            String host, int httpPort, int streamPort) {
    }

    private final String text;
    private final Node root;

    GottwallProjects(String yaml) {
        this.text = yaml;
        try {
            this.root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (YAMLException e) {
            throw new DkmException("conf/server.yaml does not parse: " + firstLine(e) + "; fix"
                    + " it first");
        }
        if (!(root instanceof MappingNode)) {
            throw new DkmException("conf/server.yaml is not a mapping of sections; fix it first");
        }
    }

    /** The section's settings; null when there is no gottwall: section. */
    Settings settings() {
        MappingNode gottwall = mapping(root, "gottwall");
        MappingNode ingest = mapping(root, "ingest");
        if (gottwall == null) {
            return null;
        }
        Map<String, String> projects = new LinkedHashMap<>();
        if (value(gottwall, "projects") instanceof MappingNode listed) {
            for (NodeTuple tuple : listed.getValue()) {
                projects.put(scalar(tuple.getKeyNode()), scalar(tuple.getValueNode()));
            }
        }
        MappingNode stream = mapping(gottwall, "stream");
        String prefix = scalar(value(gottwall, "prefix"));
        return new Settings(scalar(value(gottwall, "privateKey")), projects,
                prefix == null ? "/gottwall" : prefix, clientHost(scalar(value(ingest, "listen"))),
                number(value(ingest, "port")), number(value(stream, "port")));
    }

    /**
     * The file with {@code name: publicKey} added to the projects; a file without a
     * {@code gottwall:} section gets one with {@code newPrivateKey} and the stream on the port
     * after the ingest port.
     */
    String withProject(String name, String publicKey, String newPrivateKey) {
        if (!NAME.matcher(name).matches()) {
            throw new DkmException("project name '" + name + "': use up to 64 letters, digits,"
                    + " '_', '.' and '-' (it goes in URLs and headers)");
        }
        Node section = value(root, "gottwall");
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        String entry = name + ": \"" + publicKey + "\"";
        if (section == null) {
            Node ingest = value(root, "ingest");
            if (!(ingest instanceof MappingNode)) {
                throw new DkmException("conf/server.yaml has no ingest: section, which serves"
                        + " GottWall's HTTP API; add one (see the installer's server.yaml)");
            }
            int ingestPort = number(value(ingest, "port"));
            String listen = scalar(value(ingest, "listen"));
            if (!lines.get(lines.size() - 1).isEmpty()) {
                lines.add("");
            }
            lines.addAll(lines.size() - 1, List.of("gottwall:", "  prefix: /gottwall",
                    "  privateKey: \"" + newPrivateKey + "\"", "  tsWindowSeconds: 3600",
                    "  stream:", "    listen: \"" + listen + "\"",
                    "    port: " + (ingestPort + 1), "  projects:", "    " + entry));
            return String.join("\n", lines);
        }
        if (!(section instanceof MappingNode gottwall)
                || gottwall.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
            throw new DkmException("gottwall: in conf/server.yaml is not written one key a line;"
                    + " add the project by hand: projects: {" + entry + "}");
        }
        NodeTuple projectsTuple = tuple(gottwall, "projects");
        if (projectsTuple == null) {
            int indent = gottwall.getValue().get(0).getKeyNode().getStartMark().getColumn();
            lines.addAll(lastLine(gottwall) + 1, List.of(" ".repeat(indent) + "projects:",
                    " ".repeat(indent + 2) + entry));
            return String.join("\n", lines);
        }
        Node projects = projectsTuple.getValueNode();
        int keyLine = projectsTuple.getKeyNode().getStartMark().getLine();
        int keyIndent = projectsTuple.getKeyNode().getStartMark().getColumn();
        if (projects instanceof MappingNode listed && !listed.getValue().isEmpty()) {
            for (NodeTuple project : listed.getValue()) {
                if (name.equals(scalar(project.getKeyNode()))) {
                    throw new DkmException("project " + name + " exists already (its public key"
                            + " is in conf/server.yaml); choose another name");
                }
            }
            if (listed.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
                throw new DkmException("gottwall.projects in conf/server.yaml is written as"
                        + " {...}; write one project a line, or add " + entry + " by hand");
            }
            int indent = listed.getValue().get(0).getKeyNode().getStartMark().getColumn();
            lines.add(lastLine(listed) + 1, " ".repeat(indent) + entry);
            return String.join("\n", lines);
        }
        // "projects:" with nothing, or "projects: {}": the entry goes on a line of its own
        String line = lines.get(keyLine);
        int emptyFlow = line.lastIndexOf("{}");
        if (projects instanceof MappingNode && emptyFlow > line.indexOf("projects")) {
            lines.set(keyLine, line.substring(0, emptyFlow).stripTrailing()
                    + line.substring(emptyFlow + 2));
        } else if (!(projects instanceof ScalarNode scalarNode)
                || !scalarNode.getValue().isEmpty()) {
            throw new DkmException("gottwall.projects in conf/server.yaml must be a mapping of"
                    + " project names to public keys");
        }
        lines.add(keyLine + 1, " ".repeat(keyIndent + 2) + entry);
        return String.join("\n", lines);
    }

    /** The last line (0-based) a mapping's content reaches. */
    private static int lastLine(MappingNode mapping) {
        List<NodeTuple> entries = mapping.getValue();
        Node last = entries.get(entries.size() - 1).getValueNode();
        int line = last.getEndMark().getLine();
        // a block value ends at the start of the line after it
        return last.getEndMark().getColumn() == 0 && line > last.getStartMark().getLine()
                ? line - 1 : line;
    }

    private static NodeTuple tuple(Node mapping, String key) {
        if (mapping instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                if (key.equals(scalar(tuple.getKeyNode()))) {
                    return tuple;
                }
            }
        }
        return null;
    }

    private static Node value(Node mapping, String key) {
        NodeTuple tuple = tuple(mapping, key);
        return tuple == null ? null : tuple.getValueNode();
    }

    private static MappingNode mapping(Node parent, String key) {
        return value(parent, key) instanceof MappingNode map ? map : null;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }

    private static int number(Node node) {
        try {
            return Integer.parseInt(scalar(node));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Where a client on this host reaches a listener bound to {@code listen}. */
    private static String clientHost(String listen) {
        if (listen == null) {
            return "127.0.0.1";
        }
        return switch (listen) {
            case "0.0.0.0", "::", "[::]" -> "127.0.0.1";
            default -> listen;
        };
    }

    private static String firstLine(YAMLException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
