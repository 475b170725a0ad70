package org.dkumonitor.server.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.dkumonitor.core.config.ConfigException;
import org.dkumonitor.server.whisper.ArchiveList;
import org.dkumonitor.server.whisper.Retention;
import org.dkumonitor.server.whisper.WhisperException;

/**
 * storage-schemas.conf in carbon's format: the first section whose {@code pattern} (a Java regex,
 * searched, not anchored) is found in the metric name gives its retentions. A metric no section
 * matches gets {@link #FALLBACK}, as Python carbon does; it is never dropped (go-carbon drops it).
 */
public final class StorageSchemas {

    /** Carbon's built-in fallback: one minute for seven days. */
    public static final Schema FALLBACK = new Schema("default (built in)", Pattern.compile(""),
            List.of(new Retention(60, 10_080)));

    private static final Set<String> KEYS = Set.of("pattern", "retentions", "priority");

    /**
     * One section: a name, the pattern and the archives it gives, and the line of its
     * {@code retentions} in the file (0 for the built-in fallback).
     */
    public record Schema(String name, Pattern pattern, List<Retention> retentions, int line) {

        public Schema {
            retentions = List.copyOf(retentions);
        }

        public Schema(String name, Pattern pattern, List<Retention> retentions) {
            this(name, pattern, retentions, 0);
        }
    }

    private final List<Schema> schemas;

    public StorageSchemas(List<Schema> schemas) {
        this.schemas = List.copyOf(schemas);
    }

    public static StorageSchemas load(Path file) {
        try {
            return parse(file.getFileName().toString(),
                    Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return new StorageSchemas(List.of());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static StorageSchemas parse(String fileName, String text) {
        List<Schema> schemas = new ArrayList<>();
        for (IniSections.Section section : IniSections.parse(fileName, text)) {
            for (String key : section.values().keySet()) {
                if (!KEYS.contains(key)) {
                    throw new ConfigException(fileName + ":" + section.lines().get(key) + " ["
                            + section.name() + "] " + key + ": unknown key; expected pattern"
                            + " and retentions");
                }
            }
            String pattern = required(fileName, section, "pattern");
            String retentions = required(fileName, section, "retentions");
            int line = section.lines().get("retentions");
            try {
                schemas.add(new Schema(section.name(), Pattern.compile(pattern),
                        ArchiveList.validate(RetentionParser.parseList(retentions)), line));
            } catch (PatternSyntaxException e) {
                throw new ConfigException(fileName + ":" + section.lines().get("pattern") + " ["
                        + section.name() + "] pattern: not a valid regular expression ("
                        + e.getDescription() + "), found '" + pattern + "'");
            } catch (IllegalArgumentException | WhisperException e) {
                throw new ConfigException(fileName + ":" + line + " [" + section.name()
                        + "] retentions: " + e.getMessage() + ", found '" + retentions + "'");
            }
        }
        return new StorageSchemas(schemas);
    }

    static String required(String fileName, IniSections.Section section, String key) {
        String value = section.values().get(key);
        if (value == null || value.isEmpty()) {
            throw new ConfigException(fileName + ":" + section.line() + " [" + section.name()
                    + "] " + key + ": is required");
        }
        return value;
    }

    public Schema schemaFor(String metric) {
        for (Schema schema : schemas) {
            if (schema.pattern().matcher(metric).find()) {
                return schema;
            }
        }
        return FALLBACK;
    }

    public List<Schema> schemas() {
        return schemas;
    }
}
