package org.dkumonitor.server.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.dkumonitor.core.config.ConfigException;
import org.dkumonitor.server.whisper.AggregationMethod;

/**
 * storage-aggregation.conf in carbon's format: the first section whose {@code pattern} is found
 * in the metric name gives the xFilesFactor and aggregation method of new files; keys a section
 * leaves out, and metrics no section matches, get whisper's defaults (0.5, average).
 */
public final class StorageAggregation {

    public static final Rule DEFAULT = new Rule("default (built in)", Pattern.compile(""), 0.5f,
            AggregationMethod.AVERAGE);

    private static final Set<String> KEYS = Set.of("pattern", "xfilesfactor", "aggregationmethod");

    /** One section of the file, and the line of its header (0 for the built-in default). */
    public record Rule(String name, Pattern pattern, float xFilesFactor,
            AggregationMethod method, int line) {

        public Rule(String name, Pattern pattern, float xFilesFactor, AggregationMethod method) {
            this(name, pattern, xFilesFactor, method, 0);
        }
    }

    private final List<Rule> rules;
    private final Function<String, Rule> first;

    public StorageAggregation(List<Rule> rules) {
        this(rules, name -> null);
    }

    private StorageAggregation(List<Rule> rules, Function<String, Rule> first) {
        this.rules = List.copyOf(rules);
        this.first = first;
    }

    /**
     * These rules with {@code override} asked before them: a rule it gives (not null) wins. How a
     * feature that knows a series' kind (a GottWall gauge) gives its new file the right rollup.
     */
    public StorageAggregation overriddenBy(Function<String, Rule> override) {
        return new StorageAggregation(rules, name -> {
            Rule rule = override.apply(name);
            return rule != null ? rule : first.apply(name);
        });
    }

    public static StorageAggregation load(Path file) {
        try {
            return parse(file.getFileName().toString(),
                    Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return new StorageAggregation(List.of());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static StorageAggregation parse(String fileName, String text) {
        List<Rule> rules = new ArrayList<>();
        for (IniSections.Section section : IniSections.parse(fileName, text)) {
            for (String key : section.values().keySet()) {
                if (!KEYS.contains(key)) {
                    throw new ConfigException(fileName + ":" + section.lines().get(key) + " ["
                            + section.name() + "] " + key + ": unknown key; expected pattern,"
                            + " xFilesFactor and aggregationMethod");
                }
            }
            String pattern = StorageSchemas.required(fileName, section, "pattern");
            Pattern compiled;
            try {
                compiled = Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new ConfigException(fileName + ":" + section.lines().get("pattern") + " ["
                        + section.name() + "] pattern: not a valid regular expression ("
                        + e.getDescription() + "), found '" + pattern + "'");
            }
            rules.add(new Rule(section.name(), compiled, xFilesFactor(fileName, section),
                    method(fileName, section), section.line()));
        }
        return new StorageAggregation(rules);
    }

    private static float xFilesFactor(String fileName, IniSections.Section section) {
        String value = section.values().get("xfilesfactor");
        if (value == null) {
            return DEFAULT.xFilesFactor();
        }
        try {
            float xff = Float.parseFloat(value);
            if (xff >= 0 && xff <= 1) {
                return xff;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(fileName + ":" + section.lines().get("xfilesfactor") + " ["
                + section.name() + "] xFilesFactor: must be a number within 0..1, found '"
                + value + "'");
    }

    private static AggregationMethod method(String fileName, IniSections.Section section) {
        String value = section.values().get("aggregationmethod");
        if (value == null) {
            return DEFAULT.method();
        }
        try {
            return AggregationMethod.fromConfigName(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(fileName + ":" + section.lines().get("aggregationmethod")
                    + " [" + section.name() + "] aggregationMethod: " + e.getMessage());
        }
    }

    /** The sections in file order. */
    public List<Rule> rules() {
        return rules;
    }

    public Rule ruleFor(String metric) {
        Rule chosen = first.apply(metric);
        if (chosen != null) {
            return chosen;
        }
        for (Rule rule : rules) {
            if (rule.pattern().matcher(metric).find()) {
                return rule;
            }
        }
        return DEFAULT;
    }
}
