package org.dkumonitor.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Reads a config file written in the plain subset of YAML that the installer renders, without
 * SnakeYAML: block mappings and lists by indentation, {@code {k: v}} and {@code [a, b]} on one
 * line, plain, 'single-' and "double-quoted" scalars (YAML 1.1's kinds, as SnakeYAML resolves
 * them), comments. Anchors, aliases, tags, block scalars and values over several lines are
 * refused with their line and column. The agent reads its {@code agent.yaml} here: SnakeYAML's
 * classes (some 100, a MiB of class metadata) would stay in its memory for its lifetime.
 */
public final class PlainYaml {

    /** SnakeYAML's limit for the other programs' files, the same here. */
    static final int MAX_CHARS = 4 * 1024 * 1024;

    private PlainYaml() {
    }

    /** A file as one mapping with the given top-level keys (see {@link ConfigMapping}). */
    public static ConfigMapping loadMapping(Path file, Collection<String> knownKeys) {
        return parseMapping(file.getFileName().toString(), read(file), knownKeys);
    }

    /** YAML text as one mapping; {@code name} is what error messages call the file. */
    public static ConfigMapping parseMapping(String name, String yaml,
            Collection<String> knownKeys) {
        return ConfigMapping.of(name, compose(name, yaml), "", knownKeys);
    }

    /** The document's root; an empty document (or only comments) is an error. */
    public static YamlNode compose(String name, String yaml) {
        if (yaml.length() > MAX_CHARS) {
            throw new ConfigException(name + ": larger than " + (MAX_CHARS >> 20)
                    + " MiB; is this the right file?");
        }
        YamlNode root = new PlainYamlParser(name, yaml).document();
        if (root == null || ConfigMapping.isNull(root)) {
            throw new ConfigException(name + ": the file is empty");
        }
        return root;
    }

    /** A config file's text, or a {@link ConfigException} that says what to do. */
    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found; reinstall the configuration or"
                    + " restore it from a backup");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
