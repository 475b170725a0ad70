package org.dkumonitor.core.config;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Collection;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Binds a YAML file to an immutable config record, once, at start. Unknown keys are errors, and
 * every error names the file, line:column, the key path, the rule and the value found.
 *
 * <p>SnakeYAML only composes the node tree (which keeps every node's position), made into {@link
 * YamlNode}s; {@link RecordBinder} binds it through {@link ConfigMapping}. No object mapper: the
 * supervisor is a long-running process that must stay small, and a mapper's classes would stay
 * loaded for its lifetime. The agent does not come here at all ({@link PlainYaml}).
 */
public final class YamlConfigLoader {

    private YamlConfigLoader() {
    }

    public static <T> T load(Path file, Class<T> type) {
        return parse(file.getFileName().toString(), PlainYaml.read(file), type);
    }

    /** Parses YAML text; {@code name} is what error messages call the file. */
    public static <T> T parse(String name, String yaml, Class<T> type) {
        return new RecordBinder(name).bind(compose(name, yaml), type);
    }

    /**
     * Reads a file as one mapping with the given top-level keys, for a program that binds its
     * records itself (see {@link ConfigMapping}).
     */
    public static ConfigMapping loadMapping(Path file, Collection<String> knownKeys) {
        return parseMapping(file.getFileName().toString(), PlainYaml.read(file), knownKeys);
    }

    public static ConfigMapping parseMapping(String name, String yaml,
            Collection<String> knownKeys) {
        return ConfigMapping.of(name, compose(name, yaml), "", knownKeys);
    }

    /**
     * The document's root as SnakeYAML composes it; an empty document (or only comments) is an
     * error.
     */
    public static YamlNode compose(String name, String yaml) {
        Node root = composeOrNull(name, yaml);
        if (root == null) {
            throw new ConfigException(name + ": the file is empty");
        }
        YamlNode node = SnakeYamlNodes.of(name, root);
        if (ConfigMapping.isNull(node)) {
            throw new ConfigException(name + ": the file is empty");
        }
        return node;
    }

    private static Node composeOrNull(String name, String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(4 * 1024 * 1024);
        try {
            Composer composer = new Composer(new ParserImpl(new StreamReader(
                    new StringReader(yaml)), options), new Resolver(), options);
            return composer.getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            return fail(ConfigMapping.at(name, SnakeYamlNodes.position(mark)) + " "
                    + firstLine(problem), e);
        } catch (YAMLException e) {
            return fail(name + ": " + firstLine(String.valueOf(e.getMessage())), e);
        }
    }

    private static Node fail(String message, Exception cause) {
        throw new ConfigException(message, cause);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
